import { Injectable } from '@nestjs/common';

/** The time invitations are judged by; a provider so tests can move it (expiry after 72 hours). */
@Injectable()
export class InvitationClock {
  now(): Date {
    return new Date();
  }
}
