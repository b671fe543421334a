import { SignInThrottleRow } from '@lawfirm/database';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { AuditChainHead } from './audit-store/audit-chain-head.entity';
import { AuditRecord } from './audit-store/audit-record.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { AuditChainHeadGuard1765100000000 } from './migrations/1765100000000-audit-chain-head-guard';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { SignInThrottles1766600000002 } from './migrations/1766600000002-sign-in-throttles';
import { DlqReplay } from './dlq/dlq-replay.entity';
import { DlqReplays1766700000001 } from './migrations/1766700000001-dlq-replays';
import { DlqReplayLetterTime1766700000002 } from './migrations/1766700000002-dlq-replay-letter-time';
import { OpsUser } from './ops/ops-user.entity';

/** Every table of the admin gateway's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [
  OpsUser,
  AuditRecord,
  AuditChainHead,
  OutboxMessage,
  InboxRecord,
  SignInThrottleRow,
  DlqReplay,
];
export const MIGRATIONS = [
  Initial1764000000000,
  AuditChainHeadGuard1765100000000,
  OutboxParking1765500000000,
  SignInThrottles1766600000002,
  DlqReplays1766700000001,
  DlqReplayLetterTime1766700000002,
];
