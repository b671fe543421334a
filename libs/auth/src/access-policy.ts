import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DomainError } from '@lawfirm/errors';
import { RequireRoles } from './internal-auth.guard';
import type { Actor, FirmRole } from './roles';

/**
 * Who may do one thing to one kind of record inside a firm. A service writes its whole table once
 * (`AccessPolicy`), routes name their action with `@Permit`, and the service layer asks
 * `mayActOnAnyones` / `maySelfApprove` where the answer depends on whose record it is.
 */
export interface Permission {
  /** Roles that may do it to any record of the firm. */
  readonly anyone: readonly FirmRole[];
  /** Roles that may do it only to their own records (their own time, their own timers). */
  readonly own?: readonly FirmRole[];
  /**
   * For approvals: roles that may approve a record that is their own. Everyone else in `anyone`
   * approves only other people's records (four eyes on time and money).
   */
  readonly selfApproval?: readonly FirmRole[];
}

/** A service's access rules: every action its routes can perform, by name. */
export type AccessPolicy<Action extends string = string> = Readonly<Record<Action, Permission>>;

/** Metadata key holding a route's policy action (read by role-matrix tests and documentation). */
export const POLICY_ACTION = 'lawfirm:policy-action';

/** Every role a permission lets through the route's door, own-only roles included. */
export function rolesAllowed(permission: Permission): FirmRole[] {
  return [...new Set([...permission.anyone, ...(permission.own ?? [])])];
}

/**
 * The route performs `action` of `policy`: the guard admits the roles the policy names (anyone's or
 * own), and the action is kept on the handler so a test can find a route without an entry.
 */
export function Permit<Action extends string>(
  policy: AccessPolicy<Action>,
  action: Action,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(POLICY_ACTION, action),
    RequireRoles(...rolesAllowed(policy[action])),
  ) as MethodDecorator & ClassDecorator;
}

const holdsAny = (actor: Pick<Actor, 'roles'>, roles: readonly FirmRole[] | undefined): boolean =>
  (roles ?? []).some((role) => actor.roles.includes(role));

/** Whether the caller may act on records that are not their own. */
export function mayActOnAnyones(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return holdsAny(actor, permission.anyone);
}

/** Whether the caller may act on their own record (as an `anyone` or an `own` role). */
export function mayActOnOwn(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return holdsAny(actor, permission.anyone) || holdsAny(actor, permission.own);
}

/** Whether the caller may approve a record that is their own. */
export function maySelfApprove(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return holdsAny(actor, permission.selfApproval);
}

/** The rules a refusal can name; each is the `code` of the 403 problem+json. */
export enum AccessRule {
  /** The caller's roles let them act only on their own records, and this one is someone else's. */
  NotOwnRecord = 'not_own_record',
  /** Approving, rejecting or reversing one's own record needs a role allowed to self-approve. */
  OwnApproval = 'own_approval',
}

/** A refusal that depends on the record: 403 problem+json naming the rule and the action. */
export class AccessDeniedError extends DomainError {
  constructor(
    readonly rule: AccessRule,
    readonly action: string,
    detail: string,
  ) {
    super('forbidden', rule, detail, [], { action });
  }
}

/**
 * Checks the caller may do `action` to a record whose owner is (or is not) the caller: an own-only
 * role on someone else's record is `not_own_record`; with `approval`, an own record needs a
 * self-approving role (`own_approval`).
 */
export function assertMayAct<Action extends string>(
  actor: Pick<Actor, 'roles'>,
  policy: AccessPolicy<Action>,
  action: Action,
  isOwn: boolean,
  options: { approval?: boolean; noun?: string } = {},
): void {
  const permission: Permission = policy[action];
  const noun = options.noun ?? 'record';
  if (isOwn) {
    if (options.approval && !maySelfApprove(actor, permission))
      throw new AccessDeniedError(
        AccessRule.OwnApproval,
        action,
        `Nobody may ${verbOf(action)} their own ${noun}` +
          (permission.selfApproval?.length ? ` (except: ${permission.selfApproval.join(', ')}).` : '.'),
      );
    if (!mayActOnOwn(actor, permission))
      throw new AccessDeniedError(
        AccessRule.NotOwnRecord,
        action,
        `Your roles may not ${verbOf(action)} this ${noun}.`,
      );
    return;
  }
  if (!mayActOnAnyones(actor, permission))
    throw new AccessDeniedError(
      AccessRule.NotOwnRecord,
      action,
      `This ${noun} belongs to someone else; to ${verbOf(action)} it needs one of the roles: ${permission.anyone.join(', ')}.`,
    );
}

const verbOf = (action: string): string => action.slice(action.lastIndexOf('.') + 1);
