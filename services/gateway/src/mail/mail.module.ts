import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MAILER, mailerFor, type Mailer, type MailSettings } from './mail.service';

/**
 * Outgoing e-mail (invitation and password-reset links): one `Mailer` for the whole gateway, picked
 * by `MAIL_TRANSPORT`. Global so every feature that mails injects `MAILER` without importing it twice
 * (two instances would open two SMTP pools and split the messages a test reads).
 */
@Global()
@Module({})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  static register(settings: MailSettings): DynamicModule {
    return {
      module: MailModule,
      providers: [{ provide: MAILER, useValue: mailerFor(settings) }],
      exports: [MAILER],
    };
  }

  onApplicationShutdown(): void {
    this.mailer.close?.();
  }
}
