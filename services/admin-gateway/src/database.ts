import { AuditChainHead } from './audit-store/audit-chain-head.entity';
import { AuditRecord } from './audit-store/audit-record.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { OpsUser } from './ops/ops-user.entity';

export const ENTITIES = [OpsUser, AuditRecord, AuditChainHead];
export const MIGRATIONS = [Initial1764000000000];
