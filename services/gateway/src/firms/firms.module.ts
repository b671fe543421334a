import { Module, type DynamicModule } from '@nestjs/common';
import { InternalTokenVerifier } from '@lawfirm/auth';
import { FIRM_ADMIN_TOKEN } from '@lawfirm/contracts';
import type { GatewayConfig } from '../config';
import { InvitationsModule } from '../invitations/invitations.module';
import { AdminInternalGuard, FIRM_ADMIN_TOKEN_VERIFIER } from './admin-internal.guard';
import { InternalFirmsController } from './firms.controller';
import { FirmsService } from './firms.service';

/**
 * Firms as operations manage them through the admin gateway (onboarding, suspension). The firm
 * rows are identity's (FirmAdminService, from the global IdentityModule); the first admin's
 * invitation is the invitations feature's.
 */
@Module({})
export class FirmsModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: FirmsModule,
      imports: [InvitationsModule.register()],
      controllers: [InternalFirmsController],
      providers: [
        FirmsService,
        AdminInternalGuard,
        {
          provide: FIRM_ADMIN_TOKEN_VERIFIER,
          useValue: new InternalTokenVerifier(
            config.ADMIN_GATEWAY_INTERNAL_TOKEN_KEY,
            FIRM_ADMIN_TOKEN.issuer,
            FIRM_ADMIN_TOKEN.audience,
          ),
        },
      ],
      exports: [FirmsService],
    };
  }
}
