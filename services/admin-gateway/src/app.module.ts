import { Module, type DynamicModule } from '@nestjs/common';
import { TokenIssuer, TokenVerifier, type SigningKey } from '@lawfirm/auth';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { AdminAuditController } from './audit-store/admin-audit.controller';
import { AuditConsumer } from './audit-store/audit.consumer';
import { AuditStore } from './audit-store/audit-store.service';
import { InternalAuditController } from './audit-store/internal-audit.controller';
import { OPS_TOKEN_AUDIENCE, type AdminGatewayConfig } from './config';
import { ENTITIES } from './database';
import { INTERNAL_TOKEN_VERIFIER, InternalAuthGuard, OPS_TOKEN_VERIFIER, OpsAuthGuard } from './ops/guards';
import { OpsAuthController } from './ops/ops-auth.controller';

@Module({})
export class AppModule {
  static register(config: AdminGatewayConfig, logger: Logger, signingKey: SigningKey): DynamicModule {
    const issuer = new TokenIssuer(signingKey, config.ADMIN_TOKEN_ISSUER);
    if (!config.INTERNAL_TOKEN_JWKS) throw new Error('INTERNAL_TOKEN_JWKS (missing): needed to verify the gateway\'s internal tokens');
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'admin-gateway', config, logger, entities: ENTITIES, authGuard: 'none' })],
      controllers: [OpsAuthController, AdminAuditController, InternalAuditController, AuditConsumer],
      providers: [
        { provide: TokenIssuer, useValue: issuer },
        { provide: OPS_TOKEN_VERIFIER, useValue: new TokenVerifier(issuer.jwks(), config.ADMIN_TOKEN_ISSUER, OPS_TOKEN_AUDIENCE) },
        {
          provide: INTERNAL_TOKEN_VERIFIER,
          useValue: new TokenVerifier(JSON.parse(config.INTERNAL_TOKEN_JWKS), config.TOKEN_ISSUER, 'admin-gateway'),
        },
        OpsAuthGuard,
        InternalAuthGuard,
        AuditStore,
      ],
    };
  }
}
