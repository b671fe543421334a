import { Module, type DynamicModule } from '@nestjs/common';
import type { SigningKey } from '@lawfirm/auth';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { AuditModule } from './audit/audit.module';
import type { GatewayConfig } from './config';
import { ENTITIES } from './database';
import { DocsModule } from './docs/docs.module';
import { GraphqlModule } from './graphql/graphql.module';
import { FirmsModule } from './firms/firms.module';
import { IdentityModule } from './identity/identity.module';
import { InvitationsModule } from './invitations/invitations.module';
import { MailModule } from './mail/mail.module';
import { PasswordResetModule } from './password-reset/password-reset.module';
import { TotpModule } from './totp/totp.module';
import { ProxyModule } from './proxy/proxy.module';
import { VendorsModule } from './vendors/vendors.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger, signingKey: SigningKey): DynamicModule {
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
        IdentityModule.register(config, signingKey),
        MailModule.register(config),
        InvitationsModule.register(),
        PasswordResetModule,
        TotpModule,
        FirmsModule.register(config),
        AuditModule,
        ProxyModule,
        GraphqlModule,
        WebhooksModule.register(config),
        VendorsModule.register(config),
        DocsModule,
      ],
    };
  }
}
