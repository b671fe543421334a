import { FIRM_ROLES, type AccessPolicy, type FirmRole } from '@lawfirm/auth';

/** Everyone in the firm who reads: staff and `read-only`. */
const READERS: readonly FirmRole[] = FIRM_ROLES;
/** Who does intake work: records leads, clients, matters and parties, and runs conflict checks. */
const INTAKE_STAFF: readonly FirmRole[] = ['firm-admin', 'attorney', 'paralegal'];
/** Decisions a lawyer answers for: conflict sign-off, fees, client consent, opening and closing the file. */
const LAWYERS: readonly FirmRole[] = ['firm-admin', 'attorney'];
const ADMIN: readonly FirmRole[] = ['firm-admin'];

/**
 * Who may do what in intake — the one table the routes read (`@Permit`) and the README's "Who may
 * do what" shows. Intake's records are the firm's, not one person's: a client or matter is worked
 * on by everyone on it, and a conflict check must be visible to all who may take on work, so
 * intake grants by role only (no own-versus-anyone's rule). Nothing here is deleted; a matter is
 * closed, a consent revoked, a routing rule removed.
 */
export const INTAKE_POLICY = {
  'lead.read': { anyone: READERS },
  'lead.create': { anyone: INTAKE_STAFF },
  'lead.edit': { anyone: INTAKE_STAFF },
  'lead.convert': { anyone: INTAKE_STAFF },
  'lead-pipeline.read': { anyone: READERS },
  'lead-pipeline.manage': { anyone: ADMIN },
  'client.read': { anyone: READERS },
  'client.create': { anyone: INTAKE_STAFF },
  'client.edit': { anyone: INTAKE_STAFF },
  'conflict-check.read': { anyone: READERS },
  'conflict-check.run': { anyone: INTAKE_STAFF },
  'conflict-check.sign-off': { anyone: LAWYERS },
  'consent.read': { anyone: READERS },
  'consent.grant': { anyone: LAWYERS },
  'consent.revoke': { anyone: LAWYERS },
  'matter.read': { anyone: READERS },
  'matter.open': { anyone: INTAKE_STAFF },
  'matter.edit': { anyone: INTAKE_STAFF },
  'matter.close': { anyone: LAWYERS },
  'matter.reopen': { anyone: LAWYERS },
  'party.add': { anyone: INTAKE_STAFF },
  'fee-arrangement.set': { anyone: LAWYERS },
} as const satisfies AccessPolicy;

export type IntakeAction = keyof typeof INTAKE_POLICY;
