import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hashSecret, type Actor, type FirmRole } from '@lawfirm/auth';
import { recordChange, type AuditDetails, type ChangeCaller } from '@lawfirm/audit';
import { uuidv7 } from '@lawfirm/contracts';
import { withScope, withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError } from '@lawfirm/errors';
import { SERVICE_CONFIG, SignInGate, signInThrottlePolicies, type SignInRateLimit } from '@lawfirm/platform';
import type { GatewayConfig } from '../config';
import {
  assertAcceptablePassword,
  firmIsActive,
  insertInvitedUser,
  type UserView,
} from '../identity/user-admin.service';
import { INVITATION_ACCEPT_SCOPE } from '../migrations/1766600000101-invitations';
import type { InvitationView } from './dto/invitation.dto';
import { InvitationClock } from './invitation-clock';
import { Invitation } from './invitation.entity';
import {
  INVITATION_TTL_MS,
  invitationStatus,
  invitationTokenHash,
  newInvitationToken,
} from './invitation.rules';
import { MAILER, type Mailer } from '../mail/mail.service';

/** Used, expired, revoked, unknown or for a suspended firm: one answer, so a link's fate is not told. */
export class InvitationNotUsableError extends DomainError {
  constructor() {
    super(
      'validation',
      'invitation_not_usable',
      'This invitation link cannot be used: ask your firm administrator for a new one.',
      [{ field: 'token', message: 'token is not a usable invitation' }],
    );
  }
}

export class InvitationAcceptedError extends DomainError {
  constructor() {
    super(
      'conflict',
      'invitation_accepted',
      'This invitation was accepted already; deactivate the user instead.',
    );
  }
}

export interface AcceptOrigin {
  source: string;
  requestId: string;
  report: (rateLimit: SignInRateLimit) => void;
}

/**
 * Invitations into a firm: a firm admin invites a person by e-mail with roles; the person follows
 * the link once, within 72 hours, and sets a password. The token is 32 random bytes shown only in
 * the e-mail; the database keeps its SHA-256.
 */
@Injectable()
export class InvitationsService {
  private readonly signInGate: SignInGate;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly clock: InvitationClock,
  ) {
    // Guessing tokens is throttled like guessing passwords: per token and per source address.
    this.signInGate = new SignInGate(dataSource, signInThrottlePolicies(config));
  }

  async invite(actor: Actor, email: string, roles: FirmRole[]): Promise<InvitationView> {
    const { invitation, token } = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await firmIsActive(manager, actor.firmId)))
        throw new DomainError('conflict', 'firm_suspended', 'A suspended firm cannot invite anyone.');
      return this.createWithin(manager, actor, { email, roles, invitedBy: actor.subject });
    });
    await this.send(invitation.email, token);
    return invitation;
  }

  /**
   * Creates an invitation into `caller.firmId` inside the caller's firm-scoped transaction and
   * records `invitation.created`; the caller sends the link with `send` once that transaction
   * committed (onboarding invites a new firm's first admin in the transaction that creates the firm).
   */
  async createWithin(
    manager: EntityManager,
    caller: ChangeCaller,
    invited: { email: string; roles: FirmRole[]; invitedBy: string; details?: AuditDetails },
  ): Promise<{ invitation: InvitationView; token: string }> {
    const token = newInvitationToken();
    const now = this.clock.now();
    const repository = manager.getRepository(Invitation);
    const created = repository.create({
      firmId: caller.firmId,
      id: uuidv7(),
      email: invited.email.trim().toLowerCase(),
      roles: [...invited.roles],
      tokenHash: invitationTokenHash(token),
      invitedBy: invited.invitedBy,
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      acceptedAt: null,
      acceptedUserId: null,
      revokedAt: null,
    });
    await repository.insert(created);
    await recordChange(manager, caller, {
      action: 'invitation.created',
      resourceType: 'invitation',
      resourceId: created.id,
      details: { email: created.email, roles: created.roles, ...(invited.details ?? {}) },
    });
    const stored = await repository.findOneOrFail({ where: { firmId: caller.firmId, id: created.id } });
    return { invitation: this.toView(stored, now), token };
  }

  /** Sends an invitation's link by e-mail (after the transaction that created it committed). */
  async send(
    email: string,
    token: string,
    letter: { greeting?: string; firmName?: string } = {},
  ): Promise<void> {
    await this.mailer.send({
      to: email,
      subject: 'You are invited to your firm on the law-firm platform',
      text: [
        ...(letter.greeting ? [letter.greeting, ''] : []),
        letter.firmName
          ? `You have been invited to join ${letter.firmName} as its administrator.`
          : 'You have been invited to join your firm.',
        `Open this link within 72 hours to set your password: ${this.linkFor(token)}`,
        `(or POST /v1/invitations/accept with {"token": "${token}", "password": "…"})`,
      ].join('\n'),
    });
  }

  /** Pending invitations of the actor's firm, newest first (at most 500). */
  async listPending(actor: Actor): Promise<InvitationView[]> {
    const now = this.clock.now();
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager
        .getRepository(Invitation)
        .createQueryBuilder('invitation')
        .where('invitation.accepted_at IS NULL AND invitation.revoked_at IS NULL')
        .andWhere('invitation.expires_at > :now', { now })
        .orderBy('invitation.created_at', 'DESC')
        .addOrderBy('invitation.id', 'DESC')
        .limit(500)
        .getMany(),
    );
    return rows.map((row) => this.toView(row, now));
  }

  async revoke(actor: Actor, id: string): Promise<InvitationView> {
    const invitation = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const repository = manager.getRepository(Invitation);
      const found = await repository.findOne({
        where: { firmId: actor.firmId, id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new NotFoundError('invitation', id);
      if (found.acceptedAt) throw new InvitationAcceptedError();
      if (found.revokedAt) return found;
      found.revokedAt = this.clock.now();
      await repository.save(found);
      await recordChange(manager, actor, {
        action: 'invitation.revoked',
        resourceType: 'invitation',
        resourceId: found.id,
        details: { email: found.email },
      });
      return found;
    });
    return this.toView(invitation);
  }

  /**
   * Accepts an invitation: creates the user with the invited roles and the chosen password, and
   * marks the invitation used, in one transaction holding the invitation's row lock, so of any
   * number of concurrent accepts exactly one creates a user.
   */
  async accept(
    token: string,
    password: string,
    name: string | undefined,
    origin: AcceptOrigin,
  ): Promise<UserView> {
    const tokenHash = invitationTokenHash(token);
    const found = await this.signInGate.signIn(
      {
        account: `invitation:${tokenHash}`,
        source: origin.source,
        grant: 'invitation',
        requestId: origin.requestId,
      },
      origin.report,
      async () => {
        const invitation = await withScope(this.dataSource, INVITATION_ACCEPT_SCOPE, (manager) =>
          manager.getRepository(Invitation).findOne({ where: { tokenHash } }),
        );
        if (!invitation || invitationStatus(invitation, this.clock.now()) !== 'pending')
          throw new InvitationNotUsableError();
        return invitation;
      },
    );
    assertAcceptablePassword(password, found.email, 'password');
    const passwordHash = await hashSecret(password);
    return withTenant(this.dataSource, found.firmId, async (manager) => {
      const repository = manager.getRepository(Invitation);
      const invitation = await repository.findOne({
        where: { firmId: found.firmId, id: found.id },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      if (
        !invitation ||
        invitationStatus(invitation, now) !== 'pending' ||
        !(await firmIsActive(manager, found.firmId))
      )
        throw new InvitationNotUsableError();
      const userId = uuidv7();
      const user = await insertInvitedUser(manager, {
        id: userId,
        firmId: invitation.firmId,
        email: invitation.email,
        displayName: name?.trim() || invitation.email,
        passwordHash,
        roles: invitation.roles,
      });
      invitation.acceptedAt = now;
      invitation.acceptedUserId = userId;
      await repository.save(invitation);
      await recordChange(
        manager,
        {
          firmId: invitation.firmId,
          actorType: 'user',
          subject: userId,
          correlationId: origin.requestId,
          requestId: origin.requestId,
        },
        {
          action: 'invitation.accepted',
          resourceType: 'invitation',
          resourceId: invitation.id,
          details: { userId, email: invitation.email, roles: invitation.roles },
        },
      );
      return user;
    });
  }

  private linkFor(token: string): string {
    const origin = (this.config.PUBLIC_ORIGIN ?? `http://127.0.0.1:${this.config.PORT}`).replace(/\/+$/, '');
    // The token rides in the fragment, which browsers never send to a server or put in a Referer.
    return `${origin}/invitations/accept#token=${token}`;
  }

  private toView(invitation: Invitation, now = this.clock.now()): InvitationView {
    return {
      id: invitation.id,
      email: invitation.email,
      roles: invitation.roles,
      status: invitationStatus(invitation, now),
      createdAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }
}
