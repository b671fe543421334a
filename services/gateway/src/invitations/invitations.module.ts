import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { InvitationClock } from './invitation-clock';
import { InvitationAcceptController, InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { FileMailer, InMemoryMailer, MAILER } from './mailer';

/** Invitations into a firm and the e-mail that carries their links. */
@Module({})
export class InvitationsModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: InvitationsModule,
      controllers: [InvitationsController, InvitationAcceptController],
      providers: [
        InvitationsService,
        InvitationClock,
        {
          provide: MAILER,
          useValue:
            config.MAIL_TRANSPORT === 'memory' ? new InMemoryMailer() : new FileMailer(config.MAIL_DIR),
        },
      ],
      exports: [InvitationsService],
    };
  }
}
