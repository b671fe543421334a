import { IdempotencyKeyRow } from '@lawfirm/database';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { IdempotencyKeys1765950000000 } from './migrations/1765950000000-idempotency-keys';

/** Every table of document's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [ProjectedMatter, OutboxMessage, InboxRecord, IdempotencyKeyRow];
export const MIGRATIONS = [Initial1764000000000, OutboxParking1765500000000, IdempotencyKeys1765950000000];
