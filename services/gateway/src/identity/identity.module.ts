import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TokenIssuer, TokenVerifier, type SigningKey } from '@lawfirm/auth';
import { ACCESS_TOKEN_AUDIENCE, type GatewayConfig } from '../config';
import { AccessEpochs } from './access-epochs';
import { AccessRevocationListener } from './access-revocation.listener';
import { ApiClientController } from './api-client.controller';
import { ApiClientService } from './api-client.service';
import { ACCESS_TOKEN_VERIFIER, BearerStrategy } from './bearer.strategy';
import { FirmAdminService } from './firm-admin.service';
import { GatewayAuthGuard } from './gateway-auth.guard';
import { IdentityService } from './identity.service';
import { RateLimiter } from './rate-limiter';
import { TokenController } from './token.controller';
import { UserAdminService } from './user-admin.service';
import { CurrentUserController, UserController } from './user.controller';

/**
 * Who the caller is: the token endpoint and JWKS, API clients, and the guard every gateway route
 * passes (authentication, rate limit, roles). Global because the gateway's one signing key
 * (TokenIssuer) signs both the access tokens issued here and the per-request internal tokens the
 * proxy mints; the key is loaded once, at start, and handed in.
 */
@Module({})
export class IdentityModule {
  static register(config: GatewayConfig, signingKey: SigningKey): DynamicModule {
    const issuer = new TokenIssuer(signingKey, config.TOKEN_ISSUER);
    return {
      module: IdentityModule,
      global: true,
      imports: [PassportModule.register({ session: false })],
      controllers: [TokenController, ApiClientController, UserController, CurrentUserController],
      providers: [
        { provide: TokenIssuer, useValue: issuer },
        {
          provide: ACCESS_TOKEN_VERIFIER,
          useValue: new TokenVerifier(issuer.jwks(), config.TOKEN_ISSUER, ACCESS_TOKEN_AUDIENCE),
        },
        { provide: RateLimiter, useValue: new RateLimiter(config.RATE_LIMIT_PER_MINUTE) },
        { provide: APP_GUARD, useClass: GatewayAuthGuard },
        BearerStrategy,
        IdentityService,
        ApiClientService,
        UserAdminService,
        AccessEpochs,
        AccessRevocationListener,
        FirmAdminService,
      ],
      exports: [TokenIssuer, UserAdminService, FirmAdminService],
    };
  }
}
