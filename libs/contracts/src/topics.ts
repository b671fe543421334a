/**
 * The one manifest of every Kafka topic. Infrastructure (the dev broker, the compose
 * topic job) provisions topics from this list; services never create topics at run time.
 */
export interface TopicSpec {
  name: string;
  partitions: number;
  owner: string;
  description: string;
}

export const TOPICS = {
  intakeClient: { name: 'intake.client.v1', partitions: 4, owner: 'intake', description: 'Client lifecycle' },
  intakeMatter: { name: 'intake.matter.v1', partitions: 4, owner: 'intake', description: 'Matter lifecycle' },
  intakeConsent: { name: 'intake.consent.v1', partitions: 4, owner: 'intake', description: 'Outsourcing consents' },
  timeEntry: { name: 'timekeeping.time-entry.v1', partitions: 4, owner: 'timekeeping', description: 'Time entries' },
  expense: { name: 'timekeeping.expense.v1', partitions: 4, owner: 'timekeeping', description: 'Expenses' },
  invoice: { name: 'billing.invoice.v1', partitions: 4, owner: 'billing', description: 'Invoices' },
  payment: { name: 'billing.payment.v1', partitions: 4, owner: 'billing', description: 'Payments' },
  trust: { name: 'billing.trust.v1', partitions: 4, owner: 'billing', description: 'Trust ledger' },
  deadline: { name: 'docket.deadline.v1', partitions: 4, owner: 'docket', description: 'Deadlines' },
  workOrder: { name: 'docket.work-order.v1', partitions: 4, owner: 'docket', description: 'Vendor work orders' },
  document: { name: 'document.document.v1', partitions: 4, owner: 'document', description: 'Documents' },
  gatewayAccess: { name: 'gateway.access.v1', partitions: 4, owner: 'gateway', description: 'Access grants' },
  audit: { name: 'audit.v1', partitions: 4, owner: 'gateway', description: 'Audit records, keyed by firm' },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Every topic plus its dead-letter topic, as infrastructure must create them. */
export function topicManifest(): Array<{ name: string; partitions: number }> {
  return Object.values(TOPICS).flatMap((topic) => [
    { name: topic.name, partitions: topic.partitions },
    { name: dlqTopicOf(topic.name), partitions: 1 },
  ]);
}
