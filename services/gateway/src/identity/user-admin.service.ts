import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hashSecret, verifySecret, type Actor, type FirmRole } from '@lawfirm/auth';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import { AccessRevokedV1, ACCESS_REVOCATION_REASONS } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  SERVICE_CONFIG,
  SignInGate,
  signInThrottlePolicies,
  toPage,
  type Page,
  type SignInRateLimit,
} from '@lawfirm/platform';
import type { GatewayConfig } from '../config';
import { AUTHN_SCOPE } from '../migrations/1764000000000-initial';
import type { UserView } from './dto/user.dto';
import { AccessEpochs } from './access-epochs';
import { passwordProblems } from './password-policy.rules';
import { Firm } from './firm.entity';
import { User } from './user.entity';

export class SelfLockoutError extends DomainError {
  constructor(detail: string) {
    super('conflict', 'self_lockout', detail);
  }
}

type RevocationReason = (typeof ACCESS_REVOCATION_REASONS)[number];

/**
 * A firm administrator's view of the firm's people: list them, change their roles, deactivate and
 * reactivate them. Each change moves the user's revocation epoch, so the tokens they hold (which
 * carry their old roles) stop working at every gateway instance on the next request.
 */
@Injectable()
export class UserAdminService {
  private readonly signInGate: SignInGate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly epochs: AccessEpochs,
    @Inject(SERVICE_CONFIG) config: GatewayConfig,
  ) {
    // Guessing the current password with a stolen token is throttled like guessing it at sign-in.
    this.signInGate = new SignInGate(dataSource, signInThrottlePolicies(config));
  }

  async list(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<UserView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) => {
      const query = manager
        .getRepository(User)
        .createQueryBuilder('user')
        .orderBy(`date_trunc('milliseconds', user.created_at)`, 'DESC')
        .addOrderBy('user.id', 'DESC')
        .limit(limit + 1);
      if (after)
        query.where(
          `(date_trunc('milliseconds', user.created_at), user.id) < (:sortKey::timestamptz, :id::uuid)`,
          after,
        );
      return query.getMany();
    });
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toUserView);
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    const user = await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager.getRepository(User).findOne({ where: { id } }),
    );
    if (!user) throw new NotFoundError('user', id);
    return toUserView(user);
  }

  async changeRoles(actor: Actor, id: string, roles: FirmRole[]): Promise<UserView> {
    if (id === actor.subject && !roles.includes('firm-admin'))
      throw new SelfLockoutError(
        'You cannot take the firm-admin role from yourself; ask another administrator.',
      );
    return this.change(actor, id, 'roles-changed', (user) => {
      if (sameRoles(user.roles, roles)) return undefined;
      const before = user.roles;
      user.roles = [...roles];
      return { action: 'user.roles-changed', details: { before, after: roles } };
    });
  }

  async deactivate(actor: Actor, id: string): Promise<UserView> {
    if (id === actor.subject)
      throw new SelfLockoutError('You cannot deactivate yourself; ask another administrator.');
    return this.change(actor, id, 'deactivated', (user) => {
      if (user.disabledAt) return undefined;
      user.disabledAt = new Date();
      return { action: 'user.deactivated', details: {} };
    });
  }

  async reactivate(actor: Actor, id: string): Promise<UserView> {
    return this.change(actor, id, 'reactivated', (user) => {
      if (!user.disabledAt) return undefined;
      user.disabledAt = null;
      return { action: 'user.reactivated', details: {} };
    });
  }

  /**
   * A signed-in user changes their own password: the current one must be right (a stolen token alone
   * cannot take the account over), the new one must pass the NIST 800-63B rules. Every token the user
   * holds, this one included, stops working at once: they sign in again with the new password.
   */
  async changeOwnPassword(
    actor: Actor,
    currentPassword: string,
    newPassword: string,
    origin: { source: string; report: (rateLimit: SignInRateLimit) => void },
  ): Promise<void> {
    if (actor.actorType !== 'user')
      throw new DomainError('forbidden', 'not_a_user', 'Only a signed-in user has a password to change.');
    const user = await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager.getRepository(User).findOne({ where: { id: actor.subject } }),
    );
    if (!user) throw new NotFoundError('user', actor.subject);
    await this.signInGate.signIn(
      {
        account: `user:${user.email}`,
        source: origin.source,
        grant: 'password-change',
        requestId: actor.requestId,
      },
      origin.report,
      async () => {
        if (!(await verifySecret(user.passwordHash, currentPassword)))
          throw new ValidationFailedError(
            [{ field: 'currentPassword', message: 'currentPassword is not correct' }],
            'The current password is not correct.',
          );
      },
    );
    const problems = passwordProblems(newPassword, { email: user.email });
    if (problems.length > 0)
      throw new ValidationFailedError(
        problems.map((problem) => ({ field: 'newPassword', message: `newPassword ${problem}` })),
      );
    const passwordHash = await hashSecret(newPassword);
    await this.change(actor, actor.subject, 'password-changed', (locked) => {
      locked.passwordHash = passwordHash;
      return { action: 'user.password-changed', details: {} };
    });
  }

  /** After a change made elsewhere moved a user's epoch: this instance refuses their old tokens at once. */
  forgetTokensOf(userId: string): void {
    this.epochs.forget('user', userId);
  }

  /**
   * Loads the user under a row lock, applies `edit` (undefined: nothing to change, answered as is),
   * moves the epoch and records the change and its `gateway.access.revoked` event in one transaction.
   */
  private async change(
    actor: Actor,
    id: string,
    reason: RevocationReason,
    edit: (user: User) => { action: string; details: Record<string, string[]> } | undefined,
  ): Promise<UserView> {
    const view = await withTenant(this.dataSource, actor.firmId, async (manager: EntityManager) => {
      const repository = manager.getRepository(User);
      const user = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user', id);
      const change = edit(user);
      if (!change) return toUserView(user);
      user.tokenEpoch += 1;
      await repository.save(user);
      await recordChange(manager, actor, {
        action: change.action,
        resourceType: 'user',
        resourceId: user.id,
        details: change.details,
        events: [
          {
            type: AccessRevokedV1.type,
            aggregateId: user.id,
            data: { principalType: 'user', principalId: user.id, epoch: user.tokenEpoch, reason },
          },
        ],
      });
      return toUserView(user);
    });
    // This instance at once; the others when they hear the event.
    this.epochs.forget('user', id);
    return view;
  }
}

/** A user looked up before their firm is known (by e-mail or id), as sign-in does; undefined when none. */
export async function findUserForSignIn(
  dataSource: DataSource,
  where: { email: string } | { id: string },
): Promise<User | undefined> {
  const user = await withScope(dataSource, AUTHN_SCOPE, (manager) =>
    manager.getRepository(User).findOne({ where }),
  );
  return user ?? undefined;
}

/**
 * Sets a user's password from a reset link, inside the caller's firm-scoped transaction: locks the
 * user's row, refuses (false) when the user is deactivated or their epoch moved since the link was
 * asked for, else stores the hash, moves the epoch and records `user.password-reset` with its
 * `gateway.access.revoked` event. The caller then calls `UserAdminService.forgetTokensOf` after commit.
 */
export async function resetPasswordWithin(
  manager: EntityManager,
  caller: ChangeCaller,
  reset: { userId: string; userEpoch: number; resetId: string; passwordHash: string },
): Promise<boolean> {
  const repository = manager.getRepository(User);
  const user = await repository.findOne({ where: { id: reset.userId }, lock: { mode: 'pessimistic_write' } });
  if (!user || user.disabledAt || user.tokenEpoch !== reset.userEpoch) return false;
  user.passwordHash = reset.passwordHash;
  user.tokenEpoch += 1;
  await repository.save(user);
  await recordChange(manager, caller, {
    action: 'user.password-reset',
    resourceType: 'user',
    resourceId: user.id,
    details: { resetId: reset.resetId },
    events: [
      {
        type: AccessRevokedV1.type,
        aggregateId: user.id,
        data: {
          principalType: 'user',
          principalId: user.id,
          epoch: user.tokenEpoch,
          reason: 'password-changed',
        },
      },
    ],
  });
  return true;
}

export interface InvitedUser {
  id: string;
  firmId: string;
  email: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
}

export type { UserView };

/** Whether the firm takes new people: false when it does not exist or is suspended. */
export async function firmIsActive(manager: EntityManager, firmId: string): Promise<boolean> {
  const firm = await manager.getRepository(Firm).findOne({ where: { id: firmId } });
  return Boolean(firm && !firm.suspendedAt);
}

/** The password policy (NIST 800-63B) for a new password: 400 naming `field` when it is not acceptable. */
export function assertAcceptablePassword(password: string, email: string, field: string): void {
  const problems = passwordProblems(password, { email });
  if (problems.length > 0)
    throw new ValidationFailedError(problems.map((problem) => ({ field, message: `${field} ${problem}` })));
}

/**
 * Creates a user who accepted an invitation, inside the caller's (firm-scoped) transaction. An e-mail
 * address is one login across the platform: one already in use answers 409 `email_taken`.
 */
export async function insertInvitedUser(manager: EntityManager, invited: InvitedUser): Promise<UserView> {
  const repository = manager.getRepository(User);
  const user = repository.create({ ...invited, disabledAt: null, tokenEpoch: 0 });
  try {
    await repository.insert(user);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    throw new DomainError('conflict', 'email_taken', 'A user with this e-mail address already exists.');
  }
  const saved = await repository.findOneOrFail({ where: { id: invited.id } });
  return toUserView(saved);
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt ? user.disabledAt.toISOString() : null,
  };
}
