import type { ActorKind } from '@lawfirm/auth';

export const WORK_ORDER_STATUSES = [
  'assigned',
  'accepted',
  'declined',
  'in-progress',
  'submitted',
  'returned',
  'accepted-by-firm',
  'closed',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export const WORK_ORDER_ACTIONS = [
  'accept',
  'decline',
  'start',
  'submit',
  'return',
  'approve',
  'close',
  'cancel',
] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

/** Statuses in which the order is still open (cancel applies; consent revocation suspends it). */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = [
  'assigned',
  'accepted',
  'in-progress',
  'submitted',
  'returned',
];

/** Statuses in which the vendor owes the work: the SLA clock runs. */
export const SLA_RUNNING_STATUSES: readonly WorkOrderStatus[] = ['accepted', 'in-progress', 'returned'];

/** Statuses of work the firm approved (closing follows approval only): delivered work, for the performance report. */
export const DELIVERED_STATUSES: readonly WorkOrderStatus[] = ['accepted-by-firm', 'closed'];

type Side = 'vendor' | 'firm';

/** Who may take each action, from which statuses, and where it leads. */
const TRANSITIONS: Record<
  WorkOrderAction,
  { by: Side; from: readonly WorkOrderStatus[]; to: WorkOrderStatus }
> = {
  accept: { by: 'vendor', from: ['assigned'], to: 'accepted' },
  decline: { by: 'vendor', from: ['assigned'], to: 'declined' },
  start: { by: 'vendor', from: ['accepted'], to: 'in-progress' },
  submit: { by: 'vendor', from: ['in-progress', 'returned'], to: 'submitted' },
  return: { by: 'firm', from: ['submitted'], to: 'returned' },
  approve: { by: 'firm', from: ['submitted'], to: 'accepted-by-firm' },
  close: { by: 'firm', from: ['accepted-by-firm'], to: 'closed' },
  cancel: { by: 'firm', from: OPEN_STATUSES, to: 'cancelled' },
};

export type TransitionRefusal = 'wrong_side' | 'not_allowed';

/** The status `action` leads to from `from` when taken by an actor of `actorType`, or why it may not. */
export function nextStatus(
  from: WorkOrderStatus,
  action: WorkOrderAction,
  actorType: ActorKind,
): WorkOrderStatus | TransitionRefusal {
  const transition = TRANSITIONS[action];
  const side: Side = actorType === 'vendor' ? 'vendor' : 'firm';
  if (transition.by !== side) return 'wrong_side';
  if (!transition.from.includes(from)) return 'not_allowed';
  return transition.to;
}

/** Whether the client's outsourcing consent must be in force for this action: all but cancelling. */
export function needsConsent(action: WorkOrderAction): boolean {
  return action !== 'cancel';
}

/** When an order accepted at `acceptedAt` is due: a fixed due-by, or the SLA hours after acceptance. */
export function dueAtOf(acceptedAt: Date, slaHours: number | null, dueBy: Date | null): Date | null {
  if (dueBy) return dueBy;
  if (slaHours === null) return null;
  return new Date(acceptedAt.getTime() + slaHours * 3_600_000);
}
