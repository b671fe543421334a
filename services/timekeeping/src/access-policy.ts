import { FIRM_ROLES, type AccessPolicy, type FirmRole } from '@lawfirm/auth';

/** Everyone in the firm who reads: staff and `read-only` (an auditor, a client-relations assistant). */
const READERS: readonly FirmRole[] = FIRM_ROLES;
/** Everyone who records time and expenses of their own. */
const RECORDERS: readonly FirmRole[] = ['firm-admin', 'attorney', 'paralegal', 'billing'];
/** Who runs the books: may work on anyone's draft time and expenses. */
const BOOKKEEPERS: readonly FirmRole[] = ['firm-admin', 'billing'];
/** Who approves time and expenses (never their own, unless firm-admin). */
const APPROVERS: readonly FirmRole[] = ['firm-admin', 'attorney', 'billing'];
const SELF_APPROVERS: readonly FirmRole[] = ['firm-admin'];

/**
 * Who may do what in timekeeping — the one table the routes (`@Permit`) and the services
 * (`assertMayAct`) read, and the README's "Who may do what" shows. "Own" is the caller's own
 * timekeeper: the profile whose `userId` is the caller's token subject, or the subject itself for
 * time recorded without a profile.
 */
export const TIMEKEEPING_POLICY = {
  'time-entry.read': { anyone: READERS },
  // Recording for another timekeeper (a partner's time typed up by billing) needs an `anyone` role.
  'time-entry.create': { anyone: APPROVERS, own: RECORDERS },
  'time-entry.validate': { anyone: APPROVERS, own: RECORDERS },
  'time-entry.edit': { anyone: BOOKKEEPERS, own: RECORDERS },
  'time-entry.submit': { anyone: BOOKKEEPERS, own: RECORDERS },
  'time-entry.approve': { anyone: APPROVERS, selfApproval: SELF_APPROVERS },
  'time-entry.reject': { anyone: APPROVERS, selfApproval: SELF_APPROVERS },
  'time-entry.reverse': { anyone: BOOKKEEPERS, selfApproval: SELF_APPROVERS },
  'time-entry.bulk-submit': { anyone: BOOKKEEPERS, own: RECORDERS },
  'time-entry.bulk-approve': { anyone: APPROVERS, selfApproval: SELF_APPROVERS },
  'time-entry.import': { anyone: APPROVERS, own: RECORDERS },
  'expense.read': { anyone: READERS },
  'expense.create': { anyone: [], own: RECORDERS },
  'expense.edit': { anyone: BOOKKEEPERS, own: RECORDERS },
  'expense.submit': { anyone: BOOKKEEPERS, own: RECORDERS },
  'expense.approve': { anyone: APPROVERS, selfApproval: SELF_APPROVERS },
  'expense.reject': { anyone: APPROVERS, selfApproval: SELF_APPROVERS },
  'expense.reverse': { anyone: BOOKKEEPERS, selfApproval: SELF_APPROVERS },
  // Timers are personal: nobody drives (or sees) another's timer.
  'timer.read': { anyone: [], own: RECORDERS },
  'timer.drive': { anyone: [], own: RECORDERS },
  'timekeeper.read': { anyone: READERS },
  'timekeeper.manage': { anyone: ['firm-admin'] },
  'classification.read': { anyone: READERS },
  'classification.manage': { anyone: ['firm-admin'] },
  'guideline.read': { anyone: READERS },
  'guideline.record': { anyone: BOOKKEEPERS },
  'utbms-code.read': { anyone: READERS },
} as const satisfies AccessPolicy;

export type TimekeepingAction = keyof typeof TIMEKEEPING_POLICY;
