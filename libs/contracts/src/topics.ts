/**
 * The one manifest of every Kafka topic. Infrastructure (the local broker, the compose
 * topic job, Kubernetes' topics job) provisions topics from this list; services never create topics at run time.
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
  intakeConsent: {
    name: 'intake.consent.v1',
    partitions: 4,
    owner: 'intake',
    description: 'Outsourcing consents',
  },
  timeEntry: {
    name: 'timekeeping.time-entry.v1',
    partitions: 4,
    owner: 'timekeeping',
    description: 'Time entries',
  },
  expense: { name: 'timekeeping.expense.v1', partitions: 4, owner: 'timekeeping', description: 'Expenses' },
  invoice: { name: 'billing.invoice.v1', partitions: 4, owner: 'billing', description: 'Invoices' },
  payment: { name: 'billing.payment.v1', partitions: 4, owner: 'billing', description: 'Payments' },
  trust: { name: 'billing.trust.v1', partitions: 4, owner: 'billing', description: 'Trust ledger' },
  deadline: { name: 'docket.deadline.v1', partitions: 4, owner: 'docket', description: 'Deadlines' },
  courtEvent: {
    name: 'docket.court-event.v1',
    partitions: 4,
    owner: 'docket',
    description: 'Court events (hearings, depositions, trials)',
  },
  reminder: {
    name: 'docket.reminder.v1',
    partitions: 4,
    owner: 'docket',
    description: 'Reminders due, keyed by the deadline or court event',
  },
  workOrder: {
    name: 'docket.work-order.v1',
    partitions: 4,
    owner: 'docket',
    description: 'Vendor work orders',
  },
  task: { name: 'docket.task.v1', partitions: 4, owner: 'docket', description: 'Tasks on matters' },
  document: { name: 'document.document.v1', partitions: 4, owner: 'document', description: 'Documents' },
  gatewayAccess: { name: 'gateway.access.v1', partitions: 4, owner: 'gateway', description: 'Access grants' },
  gatewayWebhook: {
    name: 'gateway.webhook.v1',
    partitions: 4,
    owner: 'gateway',
    description: 'Webhook endpoints failing and disabled (notices to the firm admins)',
  },
  audit: { name: 'audit.v1', partitions: 4, owner: 'gateway', description: 'Audit records, keyed by firm' },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** How long a topic keeps records. Kafka's own `retention.ms`; -1 keeps them until deleted by hand. */
export const TOPIC_RETENTION_MS = {
  /** Domain events: long enough to rebuild a projection after an outage or an offset reset. */
  events: String(30 * 24 * 3600 * 1000),
  /**
   * Audit records and parked (dead-lettered) events are never dropped by the broker: an audit record
   * must stay until the admin gateway has chained it, and a parked event until someone replays it.
   */
  keep: '-1',
} as const;

export interface TopicProvisioning {
  name: string;
  partitions: number;
  /** Topic-level settings for the broker (retention, in-sync replicas). */
  config: Record<string, string>;
}

/**
 * Every topic plus its dead-letter topic, as infrastructure must create them. `min.insync.replicas`
 * is left to the cluster (1 on a single local broker; 2 of 3 in production).
 */
export function topicManifest(): TopicProvisioning[] {
  return Object.values(TOPICS).flatMap((topic) => [
    {
      name: topic.name,
      partitions: topic.partitions,
      config: {
        'retention.ms':
          topic.name === TOPICS.audit.name ? TOPIC_RETENTION_MS.keep : TOPIC_RETENTION_MS.events,
      },
    },
    { name: dlqTopicOf(topic.name), partitions: 1, config: { 'retention.ms': TOPIC_RETENTION_MS.keep } },
  ]);
}
