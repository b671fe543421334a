import { IdempotencyKeyRow } from '@lawfirm/database';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { ClientContact } from './clients/client-contact.entity';
import { ClientName } from './clients/client-name.entity';
import { Client } from './clients/client.entity';
import { ConflictCheck } from './conflicts/conflict-check.entity';
import { ConflictIndexEntry } from './conflicts/conflict-index.entity';
import { ConflictSignoff } from './conflicts/conflict-signoff.entity';
import { ConsentRow } from './consents/consent.entity';
import { LeadRoutingRuleRow, LeadRow, LeadStageRow } from './leads/lead.entity';
import { FeeArrangement } from './matters/fee-arrangement.entity';
import { MatterNumberCounter } from './matters/matter-number-counter.entity';
import { Matter } from './matters/matter.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { IntakeDomain1764100000000 } from './migrations/1764100000000-intake-domain';
import { ConflictSearchIndexes1764300000000 } from './migrations/1764300000000-conflict-search-indexes';
import { ConflictNameVariants1764400000000 } from './migrations/1764400000000-conflict-name-variants';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { IdempotencyKeys1765950000000 } from './migrations/1765950000000-idempotency-keys';
import { RecordedEntityRow } from './parties/entity.entity';
import { EntityName } from './parties/entity-name.entity';
import { MatterPartyRow } from './parties/matter-party.entity';
import { Relationship } from './parties/relationship.entity';

/** Every table of intake's database (outbox and inbox entities come from @lawfirm/messaging); the schema-drift test reads this list. */
export const ENTITIES = [
  Client,
  ClientName,
  ClientContact,
  RecordedEntityRow,
  EntityName,
  Relationship,
  Matter,
  MatterPartyRow,
  FeeArrangement,
  MatterNumberCounter,
  ConflictIndexEntry,
  ConflictCheck,
  ConflictSignoff,
  LeadRow,
  LeadStageRow,
  LeadRoutingRuleRow,
  ConsentRow,
  OutboxMessage,
  InboxRecord,
  IdempotencyKeyRow,
];
export const MIGRATIONS = [
  Initial1764000000000,
  IntakeDomain1764100000000,
  ConflictSearchIndexes1764300000000,
  ConflictNameVariants1764400000000,
  OutboxParking1765500000000,
  IdempotencyKeys1765950000000,
];
