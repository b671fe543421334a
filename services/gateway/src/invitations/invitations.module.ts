import { Module, type DynamicModule } from '@nestjs/common';
import { InvitationClock } from './invitation-clock';
import { InvitationAcceptController, InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

/**
 * Invitations into a firm; their links go out through the global `MailModule`'s `MAILER`. A static
 * module: imported by AppModule and by features that invite (firm onboarding), it is one instance
 * and its routes are declared once.
 */
@Module({
  controllers: [InvitationsController, InvitationAcceptController],
  providers: [InvitationsService, InvitationClock],
  exports: [InvitationsService],
})
export class InvitationsModule {
  /**
   * The module itself (no configuration), always the same object: Nest 11 tells dynamic modules
   * apart by reference, and a second object would declare the routes twice.
   */
  static register(): DynamicModule {
    return INVITATIONS_MODULE;
  }
}

const INVITATIONS_MODULE: DynamicModule = { module: InvitationsModule };
