import { Module } from '@nestjs/common';
import { AdminAuditController } from './admin-audit.controller';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditStore } from './audit-store.service';
import { AuditConsumer } from './audit.consumer';
import { InternalAuditController } from './internal-audit.controller';

/** The hash-chained audit store: fed from audit.v1, read by the operations team and by firm admins. */
@Module({
  controllers: [AdminAuditController, InternalAuditController, AuditConsumer],
  providers: [AuditChainRepository, AuditStore],
  exports: [AuditStore],
})
export class AuditStoreModule {}
