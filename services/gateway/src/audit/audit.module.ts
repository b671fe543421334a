import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { AuditController } from './audit.controller';
import { RequestAuditor } from './request-auditor';

/** Every request recorded on audit.v1 (RequestAuditor, hooked in by main.ts), and a firm's own trail read back from the admin gateway. */
@Module({
  imports: [ProxyModule],
  controllers: [AuditController],
  providers: [RequestAuditor],
  exports: [RequestAuditor],
})
export class AuditModule {}
