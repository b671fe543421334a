import { Module, type DynamicModule } from '@nestjs/common';
import { InternalTokenVerifier, TokenIssuer, TokenVerifier, type SigningKey } from '@lawfirm/auth';
import { OPS_TOKEN_AUDIENCE, type AdminGatewayConfig } from '../config';
import { INTERNAL_TOKEN_VERIFIER, InternalAuthGuard, OPS_TOKEN_VERIFIER, OpsAuthGuard } from './guards';
import { OpsAuthController } from './ops-auth.controller';
import { OpsAuthService } from './ops-auth.service';

export { InternalAuthGuard, OpsAuthGuard } from './guards';

/**
 * The operations team's sign-in and the two ways into this gateway: ops tokens it issues itself,
 * and the public gateway's internal tokens. Global, because every feature's controllers name these
 * guards in `@UseGuards` and Nest builds a guard in the module of the controller that uses it.
 */
@Module({})
export class OpsModule {
  static register(config: AdminGatewayConfig, signingKey: SigningKey): DynamicModule {
    if (!config.INTERNAL_TOKEN_KEY) {
      throw new Error("INTERNAL_TOKEN_KEY (missing): needed to verify the gateway's internal tokens");
    }
    const issuer = new TokenIssuer(signingKey, config.ADMIN_TOKEN_ISSUER);
    return {
      module: OpsModule,
      global: true,
      controllers: [OpsAuthController],
      providers: [
        { provide: TokenIssuer, useValue: issuer },
        {
          provide: OPS_TOKEN_VERIFIER,
          useValue: new TokenVerifier(issuer.jwks(), config.ADMIN_TOKEN_ISSUER, OPS_TOKEN_AUDIENCE),
        },
        {
          provide: INTERNAL_TOKEN_VERIFIER,
          useValue: new InternalTokenVerifier(
            config.INTERNAL_TOKEN_KEY,
            config.TOKEN_ISSUER,
            'admin-gateway',
          ),
        },
        OpsAuthService,
        OpsAuthGuard,
        InternalAuthGuard,
      ],
      exports: [OPS_TOKEN_VERIFIER, INTERNAL_TOKEN_VERIFIER, OpsAuthGuard, InternalAuthGuard],
    };
  }
}
