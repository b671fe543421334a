import { IdempotencyKeyRow } from '@lawfirm/database';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { Expense } from './expenses/expense.entity';
import { GuidelineVersion } from './guidelines/guideline.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { TimekeepingDomain1764200000000 } from './migrations/1764200000000-timekeeping-domain';
import { TimekeeperClassifications1764300000000 } from './migrations/1764300000000-timekeeper-classifications';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { IdempotencyKeys1765950000000 } from './migrations/1765950000000-idempotency-keys';
import { TimeEntry } from './time-entries/time-entry.entity';
import { FirmClassification } from './timekeepers/classification.entity';
import { Timekeeper } from './timekeepers/timekeeper.entity';
import { Timer } from './timers/timer.entity';

/** Every table of timekeeping's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [
  TimeEntry,
  Timekeeper,
  FirmClassification,
  Timer,
  GuidelineVersion,
  Expense,
  ProjectedMatter,
  OutboxMessage,
  InboxRecord,
  IdempotencyKeyRow,
];
export const MIGRATIONS = [
  Initial1764000000000,
  TimekeepingDomain1764200000000,
  TimekeeperClassifications1764300000000,
  OutboxParking1765500000000,
  IdempotencyKeys1765950000000,
];
