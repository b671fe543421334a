import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { TokenIssuer, TokenVerifier, type SigningKey } from '@lawfirm/auth';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { AuditController } from './audit/audit.controller';
import { ApiClientController } from './identity/api-client.controller';
import { ApiClientService } from './identity/api-client.service';
import { RequestAuditor } from './audit/request-auditor';
import { ACCESS_TOKEN_AUDIENCE, type GatewayConfig } from './config';
import { ENTITIES } from './database';
import { OpenApiAggregator } from './docs/openapi-aggregator';
import { ACCESS_TOKEN_VERIFIER, BearerStrategy } from './identity/bearer.strategy';
import { GatewayAuthGuard } from './identity/gateway-auth.guard';
import { IdentityService } from './identity/identity.service';
import { RateLimiter } from './identity/rate-limiter';
import { TokenController } from './identity/token.controller';
import { Forwarder } from './proxy/forwarder.service';
import { IdempotencyStore } from './proxy/idempotency';
import { InternalTokens } from './proxy/internal-tokens';
import { ProxyController } from './proxy/proxy.controller';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger, signingKey: SigningKey): DynamicModule {
    const issuer = new TokenIssuer(signingKey, config.TOKEN_ISSUER);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'gateway',
          config,
          logger,
          entities: ENTITIES,
          authGuard: 'none',
        }),
        PassportModule.register({ session: false }),
      ],
      // The catch-all proxy goes last so the gateway's own routes win.
      controllers: [TokenController, AuditController, ApiClientController, ProxyController],
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
        InternalTokens,
        Forwarder,
        IdempotencyStore,
        RequestAuditor,
        OpenApiAggregator,
      ],
    };
  }
}
