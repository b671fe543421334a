import { Injectable } from '@nestjs/common';

/** The time reset links are judged by; a provider so tests can move it (expiry after one hour). */
@Injectable()
export class PasswordResetClock {
  now(): Date {
    return new Date();
  }
}
