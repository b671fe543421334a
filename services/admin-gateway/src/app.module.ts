import { Module, type DynamicModule } from '@nestjs/common';
import type { SigningKey } from '@lawfirm/auth';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { AuditStoreModule } from './audit-store/audit-store.module';
import type { AdminGatewayConfig } from './config';
import { ConsoleModule } from './console/console.module';
import { ENTITIES } from './database';
import { DlqModule } from './dlq/dlq.module';
import { FirmsModule } from './firms/firms.module';
import { HealthModule } from './health/health.module';
import { OpsModule } from './ops/ops.module';
import { VendorsModule } from './vendors/vendors.module';

/** The platform plus one module per feature; a new feature is registered here and nowhere else. */
@Module({})
export class AppModule {
  static register(config: AdminGatewayConfig, logger: Logger, signingKey: SigningKey): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'admin-gateway',
          config,
          logger,
          entities: ENTITIES,
          authGuard: 'none',
        }),
        OpsModule.register(config, signingKey),
        AuditStoreModule.register(config),
        DlqModule,
        HealthModule.register(config),
        FirmsModule.register(config),
        VendorsModule.register(config),
        ConsoleModule,
      ],
    };
  }
}
