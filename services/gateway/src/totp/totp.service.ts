import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { verifySecret, type Actor } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { withTenant } from '@lawfirm/database';
import { DomainError, ValidationFailedError } from '@lawfirm/errors';
import { SERVICE_CONFIG, SignInGate, signInThrottlePolicies, type SignInRateLimit } from '@lawfirm/platform';
import type { GatewayConfig } from '../config';
import { SecondFactorError, type SecondFactor, type SecondFactorCodes } from '../identity/identity.service';
import { findUserForSignIn } from '../identity/user-admin.service';
import { FirmSecuritySettings } from './firm-security.entity';
import {
  acceptedStep,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  recoveryCodeHash,
  sealSecret,
  totpFor,
  totpSealingKey,
} from './totp.rules';
import { UserTotp } from './user-totp.entity';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

export interface FirmSecurityView {
  requireTotp: boolean;
}

/**
 * TOTP (RFC 6238) per user: enrol (a secret, pending), confirm with a first code (recovery codes shown
 * once), disable with a code or the password; the sign-in check (`SecondFactor`) the token endpoint
 * asks; and each firm's `requireTotp` setting. Every code is accepted once: the newest step used is
 * kept under the enrolment's row lock, so a replayed code — or two sign-ins racing with one — fails.
 */
@Injectable()
export class TotpService implements SecondFactor {
  private readonly sealingKey: Buffer;
  private readonly signInGate: SignInGate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
  ) {
    this.sealingKey = totpSealingKey(config.TOTP_SECRET_KEY, config.GATEWAY_SIGNING_KEY);
    this.signInGate = new SignInGate(dataSource, signInThrottlePolicies(config));
  }

  /** Starts (or restarts) an enrolment: a new secret, pending until `confirm`. */
  async enrol(actor: Actor): Promise<TotpEnrolment> {
    const user = await this.userOf(actor);
    const secret = newTotpSecret();
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const repository = manager.getRepository(UserTotp);
      const existing = await repository.findOne({
        where: { firmId: actor.firmId, userId: user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (existing?.confirmedAt)
        throw new DomainError(
          'conflict',
          'totp_already_enabled',
          'TOTP is already on for your account; disable it first to enrol a new authenticator.',
        );
      await repository.save(
        repository.create({
          firmId: actor.firmId,
          userId: user.id,
          sealedSecret: sealSecret(this.sealingKey, secret, user.id),
          confirmedAt: null,
          lastUsedStep: 0,
          recoveryCodeHashes: [],
        }),
      );
      await recordChange(manager, actor, {
        action: 'user.totp-enrolment-started',
        resourceType: 'user',
        resourceId: user.id,
      });
    });
    return { secret, otpauthUri: totpFor(secret, user.email).toString() };
  }

  /** Confirms a pending enrolment with a current code; answers the recovery codes, shown only here. */
  async confirm(actor: Actor, code: string): Promise<string[]> {
    const user = await this.userOf(actor);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const enrolment = await this.lockedEnrolment(manager, actor.firmId, user.id);
      if (!enrolment || enrolment.confirmedAt)
        throw new DomainError(
          'conflict',
          enrolment ? 'totp_already_enabled' : 'totp_not_enrolled',
          enrolment ? 'TOTP is already on for your account.' : 'Start with POST /v1/me/totp.',
        );
      const step = acceptedStep(this.secretOf(enrolment), code, enrolment.lastUsedStep, Date.now());
      if (step === undefined)
        throw new ValidationFailedError(
          [{ field: 'code', message: 'code is not the current code of the authenticator' }],
          'The code is not correct; check the clock of the device.',
        );
      const recoveryCodes = newRecoveryCodes();
      enrolment.confirmedAt = new Date();
      enrolment.lastUsedStep = step;
      enrolment.recoveryCodeHashes = recoveryCodes.map(recoveryCodeHash);
      await manager.getRepository(UserTotp).save(enrolment);
      await recordChange(manager, actor, {
        action: 'user.totp-enabled',
        resourceType: 'user',
        resourceId: user.id,
        details: { recoveryCodes: recoveryCodes.length },
      });
      return recoveryCodes;
    });
  }

  /**
   * Turns TOTP off with a current code or the password, checked through the sign-in throttle (a stolen
   * token cannot guess at full speed). A firm that requires TOTP keeps requiring it at the next sign-in.
   */
  async disable(
    actor: Actor,
    proof: { code?: string; password?: string },
    origin: { source: string; report: (rateLimit: SignInRateLimit) => void },
  ): Promise<void> {
    const user = await this.userOf(actor);
    await this.signInGate.signIn(
      {
        account: `user:${user.email}`,
        source: origin.source,
        grant: 'totp-disable',
        requestId: actor.requestId,
      },
      origin.report,
      () =>
        withTenant(this.dataSource, actor.firmId, async (manager) => {
          const enrolment = await this.lockedEnrolment(manager, actor.firmId, user.id);
          if (!enrolment)
            throw new DomainError('conflict', 'totp_not_enrolled', 'TOTP is not on for your account.');
          if (proof.code !== undefined) {
            const step = enrolment.confirmedAt
              ? acceptedStep(this.secretOf(enrolment), proof.code, enrolment.lastUsedStep, Date.now())
              : undefined;
            if (step === undefined)
              throw new ValidationFailedError([{ field: 'code', message: 'code is not correct' }]);
          } else if (!(await verifySecret(user.passwordHash, proof.password ?? ''))) {
            throw new ValidationFailedError([{ field: 'password', message: 'password is not correct' }]);
          }
          await manager.getRepository(UserTotp).delete({ firmId: actor.firmId, userId: user.id });
          await recordChange(manager, actor, {
            action: 'user.totp-disabled',
            resourceType: 'user',
            resourceId: user.id,
            details: { proof: proof.code !== undefined ? 'code' : 'password' },
          });
        }),
    );
  }

  /** The sign-in check (`SecondFactor`), run inside the token endpoint's sign-in gate. */
  async check(
    user: { id: string; firmId: string },
    codes: SecondFactorCodes,
    requestId: string,
  ): Promise<'passed' | 'not-required' | 'enrolment-required'> {
    return withTenant(this.dataSource, user.firmId, async (manager) => {
      const enrolment = await this.lockedEnrolment(manager, user.firmId, user.id);
      if (!enrolment?.confirmedAt) {
        const settings = await manager
          .getRepository(FirmSecuritySettings)
          .findOne({ where: { firmId: user.firmId } });
        return settings?.requireTotp ? 'enrolment-required' : 'not-required';
      }
      if (codes.totp === undefined && codes.recoveryCode === undefined)
        throw new SecondFactorError(
          'totp_required',
          'This account has a second factor: send `totp` (the authenticator code) or `recovery_code` with the password.',
        );
      const repository = manager.getRepository(UserTotp);
      if (codes.totp !== undefined) {
        const step = acceptedStep(this.secretOf(enrolment), codes.totp, enrolment.lastUsedStep, Date.now());
        if (step === undefined)
          throw new SecondFactorError(
            'totp_invalid',
            'The authenticator code is not correct or was used already.',
          );
        enrolment.lastUsedStep = step;
        await repository.save(enrolment);
        return 'passed';
      }
      const hash = recoveryCodeHash(codes.recoveryCode ?? '');
      if (!enrolment.recoveryCodeHashes.includes(hash))
        throw new SecondFactorError('totp_invalid', 'The recovery code is not correct or was used already.');
      enrolment.recoveryCodeHashes = enrolment.recoveryCodeHashes.filter((kept) => kept !== hash);
      await repository.save(enrolment);
      await recordChange(
        manager,
        { firmId: user.firmId, actorType: 'user', subject: user.id, correlationId: requestId, requestId },
        {
          action: 'user.recovery-code-used',
          resourceType: 'user',
          resourceId: user.id,
          details: { left: enrolment.recoveryCodeHashes.length },
        },
      );
      return 'passed';
    });
  }

  async firmSecurity(actor: Actor): Promise<FirmSecurityView> {
    const settings = await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager.getRepository(FirmSecuritySettings).findOne({ where: { firmId: actor.firmId } }),
    );
    return { requireTotp: settings?.requireTotp ?? false };
  }

  /** A firm admin requires TOTP of every user of the firm (or stops requiring it). */
  async setFirmSecurity(actor: Actor, requireTotp: boolean): Promise<FirmSecurityView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const repository = manager.getRepository(FirmSecuritySettings);
      // Insert-or-lock in one statement, so twenty concurrent changes serialise on one row.
      await manager.query(
        `INSERT INTO firm_security_settings (firm_id, require_totp, updated_by) VALUES ($1, false, $2)
         ON CONFLICT (firm_id) DO NOTHING`,
        [actor.firmId, actor.subject],
      );
      const settings = await repository.findOneOrFail({
        where: { firmId: actor.firmId },
        lock: { mode: 'pessimistic_write' },
      });
      if (settings.requireTotp === requireTotp) return { requireTotp };
      settings.requireTotp = requireTotp;
      settings.updatedAt = new Date();
      settings.updatedBy = actor.subject;
      await repository.save(settings);
      await recordChange(manager, actor, {
        action: 'firm.security-changed',
        resourceType: 'firm',
        resourceId: actor.firmId,
        details: { requireTotp },
      });
      return { requireTotp };
    });
  }

  private async userOf(actor: Actor): Promise<{ id: string; email: string; passwordHash: string }> {
    if (actor.actorType !== 'user')
      throw new DomainError('forbidden', 'not_a_user', 'Only a signed-in user has a second factor.');
    const user = await findUserForSignIn(this.dataSource, { id: actor.subject });
    if (!user || user.firmId !== actor.firmId)
      throw new DomainError('forbidden', 'not_a_user', 'Only a signed-in user has a second factor.');
    return user;
  }

  private lockedEnrolment(manager: EntityManager, firmId: string, userId: string): Promise<UserTotp | null> {
    return manager
      .getRepository(UserTotp)
      .findOne({ where: { firmId, userId }, lock: { mode: 'pessimistic_write' } });
  }

  private secretOf(enrolment: UserTotp): string {
    return openSecret(this.sealingKey, enrolment.sealedSecret, enrolment.userId);
  }
}
