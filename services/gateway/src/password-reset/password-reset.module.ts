import { Module } from '@nestjs/common';
import { PasswordResetClock } from './password-reset-clock';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetService } from './password-reset.service';

/** Password reset by a one-time link (`MAILER` from the global MailModule, users through IdentityModule). */
@Module({
  controllers: [PasswordResetController],
  providers: [PasswordResetService, PasswordResetClock],
  exports: [PasswordResetService],
})
export class PasswordResetModule {}
