import { ProjectedMatter } from '@lawfirm/matter-projection';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { WipReversals1764200000001 } from './migrations/1764200000001-wip-reversals';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { BillingLetterheadRecord } from './ledes/billing-letterhead.entity';
import { EbillingProfileRecord } from './ledes/ebilling-profile.entity';
import { EbillingSetup1765600000000 } from './migrations/1765600000000-ebilling-setup';
import { WipEntry } from './wip/wip-entry.entity';

/** Every table of billing's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [
  WipEntry,
  ProjectedMatter,
  OutboxMessage,
  InboxRecord,
  EbillingProfileRecord,
  BillingLetterheadRecord,
];
export const MIGRATIONS = [
  Initial1764000000000,
  WipReversals1764200000001,
  OutboxParking1765500000000,
  EbillingSetup1765600000000,
];
