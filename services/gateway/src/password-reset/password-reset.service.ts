import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { hashSecret } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { uuidv7 } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { DomainError } from '@lawfirm/errors';
import type { Logger } from '@lawfirm/observability';
import {
  LOGGER,
  SERVICE_CONFIG,
  SignInGate,
  signInThrottlePolicies,
  type SignInRateLimit,
} from '@lawfirm/platform';
import type { GatewayConfig } from '../config';
import {
  assertAcceptablePassword,
  findUserForSignIn,
  firmIsActive,
  resetPasswordWithin,
  UserAdminService,
} from '../identity/user-admin.service';
import { MAILER, type Mailer } from '../mail/mail.service';
import { PASSWORD_RESET_SCOPE } from '../migrations/1767200000000-password-resets';
import { PasswordResetClock } from './password-reset-clock';
import { PasswordReset } from './password-reset.entity';
import {
  newPasswordResetToken,
  PASSWORD_RESET_TTL_MS,
  passwordResetStatus,
  passwordResetTokenHash,
} from './password-reset.rules';

/** Used, expired, superseded, voided, unknown, or of a deactivated user: one answer. */
export class PasswordResetNotUsableError extends DomainError {
  constructor() {
    super('validation', 'password_reset_not_usable', 'This reset link cannot be used: ask for a new one.', [
      { field: 'token', message: 'token is not a usable password-reset link' },
    ]);
  }
}

export interface ResetOrigin {
  source: string;
  requestId: string;
  report: (rateLimit: SignInRateLimit) => void;
}

/** The throttle's way of counting an attempt that is not a guess: it is thrown, so it is never refunded. */
class CountedRequest extends Error {}

/**
 * Password reset by a one-time link. Asking for one answers the same whether or not the address
 * belongs to anyone: the throttle runs in the request, the lookup, the link and the e-mail after the
 * answer (`inFlight`), so neither the answer nor its timing tells. The link's token is 32 random
 * bytes, stored as its SHA-256, valid one hour, used once, superseded by a newer link and voided by
 * any move of the user's revocation epoch (password change, deactivation, role change).
 */
@Injectable()
export class PasswordResetService implements OnApplicationShutdown {
  private readonly signInGate: SignInGate;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly users: UserAdminService,
    private readonly clock: PasswordResetClock,
  ) {
    this.signInGate = new SignInGate(dataSource, signInThrottlePolicies(config));
  }

  /**
   * Counts the request against the address (`password-reset:<e-mail>`, apart from its sign-ins) and
   * the source like a failed sign-in — so at most SIGN_IN_MAX_FAILURES links per address per window,
   * then 429 — and sends the link in the background.
   */
  async request(email: string, origin: ResetOrigin): Promise<void> {
    const address = email.trim().toLowerCase();
    try {
      await this.signInGate.signIn(
        {
          account: `password-reset:${address}`,
          source: origin.source,
          grant: 'password-reset',
          requestId: origin.requestId,
        },
        origin.report,
        () => Promise.reject(new CountedRequest()),
      );
    } catch (error) {
      if (!(error instanceof CountedRequest)) throw error;
    }
    const work = this.issue(address, origin.requestId).catch((error: unknown) =>
      this.logger.error({ err: error, requestId: origin.requestId }, 'password reset link not sent'),
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Sets the new password from a link: once, and only while the link is pending. */
  async confirm(token: string, password: string, origin: ResetOrigin): Promise<void> {
    const tokenHash = passwordResetTokenHash(token);
    const found = await this.signInGate.signIn(
      {
        account: `password-reset-token:${tokenHash}`,
        source: origin.source,
        grant: 'password-reset-confirm',
        requestId: origin.requestId,
      },
      origin.report,
      async () => {
        const reset = await withScope(this.dataSource, PASSWORD_RESET_SCOPE, (manager) =>
          manager.getRepository(PasswordReset).findOne({ where: { tokenHash } }),
        );
        const user = reset ? await findUserForSignIn(this.dataSource, { id: reset.userId }) : undefined;
        if (!reset || !user || passwordResetStatus(reset, user, this.clock.now()) !== 'pending')
          throw new PasswordResetNotUsableError();
        return { reset, email: user.email };
      },
    );
    assertAcceptablePassword(password, found.email, 'password');
    const passwordHash = await hashSecret(password);
    const { firmId, id, userId } = found.reset;
    const done = await withTenant(this.dataSource, firmId, async (manager) => {
      // The reset row first, then the user's (resetPasswordWithin): one order for every confirm.
      const repository = manager.getRepository(PasswordReset);
      const reset = await repository.findOne({ where: { firmId, id }, lock: { mode: 'pessimistic_write' } });
      const now = this.clock.now();
      if (!reset || reset.usedAt || reset.supersededAt || reset.expiresAt.getTime() <= now.getTime())
        return false;
      if (!(await firmIsActive(manager, firmId))) return false;
      const caller = {
        firmId,
        actorType: 'user' as const,
        subject: userId,
        correlationId: origin.requestId,
        requestId: origin.requestId,
      };
      if (
        !(await resetPasswordWithin(manager, caller, {
          userId,
          userEpoch: reset.userEpoch,
          resetId: id,
          passwordHash,
        }))
      )
        return false;
      reset.usedAt = now;
      await repository.save(reset);
      return true;
    });
    if (!done) throw new PasswordResetNotUsableError();
    this.users.forgetTokensOf(userId);
  }

  /** Resolves when every link asked for so far was sent or dropped (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Lets the links asked for just before a shutdown go out. */
  async onApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  private async issue(email: string, requestId: string): Promise<void> {
    const user = await findUserForSignIn(this.dataSource, { email });
    if (!user || user.disabledAt) return;
    const token = newPasswordResetToken();
    const now = this.clock.now();
    const issued = await withTenant(this.dataSource, user.firmId, async (manager) => {
      if (!(await firmIsActive(manager, user.firmId))) return false;
      const repository = manager.getRepository(PasswordReset);
      await repository.update(
        { firmId: user.firmId, userId: user.id, usedAt: IsNull(), supersededAt: IsNull() },
        { supersededAt: now },
      );
      const reset = repository.create({
        firmId: user.firmId,
        id: uuidv7(),
        userId: user.id,
        tokenHash: passwordResetTokenHash(token),
        userEpoch: user.tokenEpoch,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
        usedAt: null,
        supersededAt: null,
      });
      await repository.insert(reset);
      await recordChange(
        manager,
        {
          firmId: user.firmId,
          actorType: 'user',
          subject: user.id,
          correlationId: requestId,
          requestId,
        },
        {
          action: 'user.password-reset-requested',
          resourceType: 'user',
          resourceId: user.id,
          details: { resetId: reset.id, expiresAt: reset.expiresAt.toISOString() },
        },
      );
      return true;
    });
    if (!issued) return;
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your password on the law-firm platform',
      text: [
        'Someone (hopefully you) asked to reset the password of this account.',
        `Open this link within one hour to choose a new password: ${this.linkFor(token)}`,
        `(or POST /v1/auth/password-reset/confirm with {"token": "${token}", "password": "…"})`,
        'If it was not you, ignore this message: your password stays as it is.',
      ].join('\n'),
    });
  }

  private linkFor(token: string): string {
    const origin = (this.config.PUBLIC_ORIGIN ?? `http://127.0.0.1:${this.config.PORT}`).replace(/\/+$/, '');
    // The token rides in the fragment, which browsers never send to a server or put in a Referer.
    return `${origin}/password-reset#token=${token}`;
  }
}
