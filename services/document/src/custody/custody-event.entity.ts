import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CUSTODY_ACTIONS = [
  'uploaded',
  'version-added',
  'viewed',
  'downloaded',
  'changed',
  'tagged',
  'exported',
  'produced',
  'integrity-failed',
  'destroyed',
  'destruction-refused',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/**
 * One link of a document's chain of custody: who (actor), when, what (action, version, details) and
 * from where (the request id the gateway's request record carries the caller's address under, and
 * the peer address this service saw). Insert-only for the app role.
 */
@Entity({ name: 'document_custody_events' })
@Index('document_custody_events_firm_document', ['firmId', 'documentId', 'occurredAt', 'id'])
export class CustodyEvent {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'version_id', type: 'uuid', nullable: true })
  versionId!: string | null;

  @Column({ type: 'text' })
  action!: CustodyAction;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'client_address', type: 'text', nullable: true })
  clientAddress!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, string | number | boolean | null>;
}
