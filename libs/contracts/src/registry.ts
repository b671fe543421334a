import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { EventEnvelope } from './envelope';
import { AuditRecordedV1 } from './events/audit.events';
import { auditPayloadOf, auditPayloadProblems, envelopeProblems } from './events/audit-fast-check';
import {
  ClientCreatedV1,
  ClientUpdatedV1,
  ConsentGrantedV1,
  ConsentRevokedV1,
  MatterClosedV1,
  MatterOpenedV1,
  MatterReopenedV1,
  MatterUpdatedV1,
} from './events/intake.events';
import {
  ExpenseApprovedV1,
  ExpenseReversedV1,
  TimeEntryApprovedV1,
  TimeEntryRejectedV1,
  TimeEntryReversedV1,
  TimeEntrySubmittedV1,
} from './events/timekeeping.events';
import {
  CreditNoteIssuedV1,
  InvoiceCollectionStatusChangedV1,
  InvoiceIssuedV1,
  InvoiceWrittenOffV1,
  PaymentPlanAgreedV1,
  InvoiceLateChargedV1,
  PaymentRecordedV1,
  InvoiceReminderDueV1,
  PaymentReversedV1,
  TrustEntryRecordedV1,
  TrustLowBalanceV1,
  TrustReconciliationSignedOffV1,
  TrustStatementImportedV1,
} from './events/billing.events';
import {
  CourtEventChangedV1,
  CourtEventScheduledV1,
  DeadlineAddedV1,
  DeadlineChangedV1,
  DeadlineRemovedV1,
  ReminderDueV1,
  TaskChangedV1,
  TaskCreatedV1,
  WorkOrderSlaBreachedV1,
  WorkOrderSuspendedV1,
  WorkOrderTransitionedV1,
} from './events/docket.events';
import {
  AccessRevokedV1,
  WebhookEndpointDisabledV1,
  WebhookEndpointFailingV1,
} from './events/gateway.events';
import { DocumentUploadedV1 } from './events/document.events';
import { TOPICS } from './topics';

type PayloadClass = (new () => object) & { type: string };

interface EventDefinition {
  topic: string;
  payload: PayloadClass;
}

/** Every event type, the topic it travels on and the class its payload is validated against. */
export const EVENT_DEFINITIONS = {
  [ClientCreatedV1.type]: { topic: TOPICS.intakeClient.name, payload: ClientCreatedV1 },
  [ClientUpdatedV1.type]: { topic: TOPICS.intakeClient.name, payload: ClientUpdatedV1 },
  [ConsentGrantedV1.type]: { topic: TOPICS.intakeConsent.name, payload: ConsentGrantedV1 },
  [ConsentRevokedV1.type]: { topic: TOPICS.intakeConsent.name, payload: ConsentRevokedV1 },
  [MatterOpenedV1.type]: { topic: TOPICS.intakeMatter.name, payload: MatterOpenedV1 },
  [MatterUpdatedV1.type]: { topic: TOPICS.intakeMatter.name, payload: MatterUpdatedV1 },
  [MatterClosedV1.type]: { topic: TOPICS.intakeMatter.name, payload: MatterClosedV1 },
  [MatterReopenedV1.type]: { topic: TOPICS.intakeMatter.name, payload: MatterReopenedV1 },
  [TimeEntrySubmittedV1.type]: { topic: TOPICS.timeEntry.name, payload: TimeEntrySubmittedV1 },
  [TimeEntryApprovedV1.type]: { topic: TOPICS.timeEntry.name, payload: TimeEntryApprovedV1 },
  [TimeEntryRejectedV1.type]: { topic: TOPICS.timeEntry.name, payload: TimeEntryRejectedV1 },
  [TimeEntryReversedV1.type]: { topic: TOPICS.timeEntry.name, payload: TimeEntryReversedV1 },
  [ExpenseApprovedV1.type]: { topic: TOPICS.expense.name, payload: ExpenseApprovedV1 },
  [ExpenseReversedV1.type]: { topic: TOPICS.expense.name, payload: ExpenseReversedV1 },
  [InvoiceIssuedV1.type]: { topic: TOPICS.invoice.name, payload: InvoiceIssuedV1 },
  [CreditNoteIssuedV1.type]: { topic: TOPICS.invoice.name, payload: CreditNoteIssuedV1 },
  [InvoiceCollectionStatusChangedV1.type]: {
    topic: TOPICS.invoice.name,
    payload: InvoiceCollectionStatusChangedV1,
  },
  [InvoiceWrittenOffV1.type]: { topic: TOPICS.invoice.name, payload: InvoiceWrittenOffV1 },
  [InvoiceReminderDueV1.type]: { topic: TOPICS.invoice.name, payload: InvoiceReminderDueV1 },
  [PaymentPlanAgreedV1.type]: { topic: TOPICS.invoice.name, payload: PaymentPlanAgreedV1 },
  [InvoiceLateChargedV1.type]: { topic: TOPICS.invoice.name, payload: InvoiceLateChargedV1 },
  [PaymentRecordedV1.type]: { topic: TOPICS.payment.name, payload: PaymentRecordedV1 },
  [PaymentReversedV1.type]: { topic: TOPICS.payment.name, payload: PaymentReversedV1 },
  [TrustEntryRecordedV1.type]: { topic: TOPICS.trust.name, payload: TrustEntryRecordedV1 },
  [TrustLowBalanceV1.type]: { topic: TOPICS.trust.name, payload: TrustLowBalanceV1 },
  [TrustStatementImportedV1.type]: { topic: TOPICS.trust.name, payload: TrustStatementImportedV1 },
  [TrustReconciliationSignedOffV1.type]: {
    topic: TOPICS.trust.name,
    payload: TrustReconciliationSignedOffV1,
  },
  [DeadlineAddedV1.type]: { topic: TOPICS.deadline.name, payload: DeadlineAddedV1 },
  [DeadlineChangedV1.type]: { topic: TOPICS.deadline.name, payload: DeadlineChangedV1 },
  [DeadlineRemovedV1.type]: { topic: TOPICS.deadline.name, payload: DeadlineRemovedV1 },
  [CourtEventScheduledV1.type]: { topic: TOPICS.courtEvent.name, payload: CourtEventScheduledV1 },
  [CourtEventChangedV1.type]: { topic: TOPICS.courtEvent.name, payload: CourtEventChangedV1 },
  [ReminderDueV1.type]: { topic: TOPICS.reminder.name, payload: ReminderDueV1 },
  [WorkOrderTransitionedV1.type]: { topic: TOPICS.workOrder.name, payload: WorkOrderTransitionedV1 },
  [WorkOrderSlaBreachedV1.type]: { topic: TOPICS.workOrder.name, payload: WorkOrderSlaBreachedV1 },
  [WorkOrderSuspendedV1.type]: { topic: TOPICS.workOrder.name, payload: WorkOrderSuspendedV1 },
  [TaskCreatedV1.type]: { topic: TOPICS.task.name, payload: TaskCreatedV1 },
  [TaskChangedV1.type]: { topic: TOPICS.task.name, payload: TaskChangedV1 },
  [WebhookEndpointFailingV1.type]: { topic: TOPICS.gatewayWebhook.name, payload: WebhookEndpointFailingV1 },
  [WebhookEndpointDisabledV1.type]: { topic: TOPICS.gatewayWebhook.name, payload: WebhookEndpointDisabledV1 },
  [AccessRevokedV1.type]: { topic: TOPICS.gatewayAccess.name, payload: AccessRevokedV1 },
  [DocumentUploadedV1.type]: { topic: TOPICS.document.name, payload: DocumentUploadedV1 },
  [AuditRecordedV1.type]: { topic: TOPICS.audit.name, payload: AuditRecordedV1 },
} as const satisfies Record<string, EventDefinition>;

/** The type of every registered event (`'intake.matter.opened'`, ...). */
export type EventType = keyof typeof EVENT_DEFINITIONS;

/** The payload class of event type `T`, e.g. `EventPayload<'intake.matter.opened'>` is `MatterOpenedV1`. */
export type EventPayload<T extends EventType> = InstanceType<(typeof EVENT_DEFINITIONS)[T]['payload']>;

/** One event of a registered type with its payload, as a service publishes it (a discriminated union on `type`). */
export type DomainEvent = {
  [T in EventType]: { type: T; aggregateId: string; data: EventPayload<T> };
}[EventType];

const definitions: Readonly<Record<string, EventDefinition>> = EVENT_DEFINITIONS;

export function topicOfEvent(type: string): string {
  const definition = definitions[type];
  if (!definition) throw new Error(`Unknown event type ${type}: add it to EVENT_DEFINITIONS`);
  return definition.topic;
}

export class InvalidEventError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid event: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** Parses and validates a raw message: envelope first, then the payload class registered for its type. */
export function parseEvent(raw: string | Buffer): EventEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    throw new InvalidEventError(['message is not JSON']);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidEventError(['message is not a JSON object']);
  }
  // The audit stream is the busiest: its records are checked by hand, to the same rules (audit-fast-check.ts).
  if ((json as { type?: unknown }).type === AuditRecordedV1.type)
    return parseAuditEvent(json as Record<string, unknown>);
  const envelope = plainToInstance(EventEnvelope, json);
  const envelopeErrors = validateSync(envelope, { forbidUnknownValues: true });
  if (envelopeErrors.length) {
    throw new InvalidEventError(describeErrors(envelopeErrors));
  }
  const definition = definitions[envelope.type];
  if (!definition) throw new InvalidEventError([`unknown event type ${envelope.type}`]);
  const payload = plainToInstance(definition.payload, (json as { data: unknown }).data);
  const payloadErrors = validateSync(payload, { whitelist: true, forbidNonWhitelisted: false });
  if (payloadErrors.length) {
    throw new InvalidEventError(describeErrors(payloadErrors, 'data.'));
  }
  envelope.data = payload;
  return envelope;
}

function parseAuditEvent(json: Record<string, unknown>): EventEnvelope {
  const envelopeErrors = envelopeProblems(json);
  if (envelopeErrors.length) throw new InvalidEventError(envelopeErrors);
  const data = json.data as Record<string, unknown>;
  const payloadErrors = auditPayloadProblems(data);
  if (payloadErrors.length) throw new InvalidEventError(payloadErrors);
  return { ...(json as unknown as EventEnvelope), data: auditPayloadOf(data) };
}

/** One message per broken rule, nested properties named by their path (`actor.type must be ...`). */
function describeErrors(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const own = Object.values(error.constraints ?? {}).map((message) => prefix + message);
    const nested = describeErrors(error.children ?? [], `${prefix}${error.property}.`);
    return own.length || nested.length ? [...own, ...nested] : [`${prefix}${error.property} is invalid`];
  });
}
