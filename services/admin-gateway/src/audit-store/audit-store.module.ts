import { Module, type DynamicModule } from '@nestjs/common';
import { parseChainKey } from '@lawfirm/audit';
import type { AdminGatewayConfig } from '../config';
import { AdminAuditController } from './admin-audit.controller';
import { AUDIT_ANCHOR_FILE, AUDIT_CHAIN_KEY, AuditAnchors } from './audit-anchors';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditStore } from './audit-store.service';
import { AuditConsumer } from './audit.consumer';
import { InternalAuditController } from './internal-audit.controller';

/** The stated-reason header, for every feature whose operations route needs one. */
export { AccessReason } from './access-reason';

/** The hash-chained audit store: fed from audit.v1, read by the operations team and by firm admins. */
@Module({})
export class AuditStoreModule {
  static register(config: Pick<AdminGatewayConfig, 'AUDIT_CHAIN_KEY' | 'AUDIT_ANCHOR_FILE'>): DynamicModule {
    return {
      module: AuditStoreModule,
      controllers: [AdminAuditController, InternalAuditController, AuditConsumer],
      providers: [
        { provide: AUDIT_CHAIN_KEY, useValue: parseChainKey(config.AUDIT_CHAIN_KEY) },
        { provide: AUDIT_ANCHOR_FILE, useValue: config.AUDIT_ANCHOR_FILE },
        AuditAnchors,
        AuditChainRepository,
        AuditStore,
      ],
      exports: [AuditStore],
    };
  }
}
