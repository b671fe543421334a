import {
  MatterClosedV1,
  MatterOpenedV1,
  MatterReopenedV1,
  MatterUpdatedV1,
  TOPICS,
  type EventEnvelope,
  type MatterSnapshotV1,
} from '@lawfirm/contracts';
import type { EventHandler } from '@lawfirm/messaging';
import type { EntityManager } from 'typeorm';
import { ProjectedMatter } from './projected-matter.entity';

/**
 * Upserts the projection from any matter lifecycle event. An older snapshot never
 * overwrites a newer one, so a replayed or re-driven event cannot roll a matter back.
 */
export async function applyMatterSnapshot(
  envelope: EventEnvelope<MatterSnapshotV1>,
  manager: EntityManager,
): Promise<void> {
  const snapshot = envelope.data;
  // Raw SQL: TypeORM's upsert cannot put a WHERE on ON CONFLICT DO UPDATE (the newer-snapshot guard).
  await manager.query(
    `INSERT INTO matter_projection (firm_id, matter_id, client_id, number, title, practice_area, status, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (firm_id, matter_id) DO UPDATE SET
       client_id = EXCLUDED.client_id, number = EXCLUDED.number, title = EXCLUDED.title,
       practice_area = EXCLUDED.practice_area, status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
     WHERE matter_projection.changed_at <= EXCLUDED.changed_at`,
    [
      envelope.firmId,
      snapshot.matterId,
      snapshot.clientId,
      snapshot.number,
      snapshot.title,
      snapshot.practiceArea ?? null,
      snapshot.status,
      snapshot.changedAt,
    ],
  );
}

/**
 * The same upsert for every event of a fetched batch, in one statement: per matter only the
 * newest snapshot of the batch is written (one statement may not update a row twice), and it
 * still never overwrites a newer one already stored.
 */
export async function matterProjectionBatchHandler(
  envelopes: Array<EventEnvelope<never>>,
  manager: EntityManager,
): Promise<void> {
  const newest = new Map<string, EventEnvelope<MatterSnapshotV1>>();
  for (const envelope of envelopes as Array<EventEnvelope<MatterSnapshotV1>>) {
    const held = newest.get(envelope.data.matterId);
    if (!held || held.data.changedAt <= envelope.data.changedAt) newest.set(envelope.data.matterId, envelope);
  }
  const rows = [...newest.values()];
  if (rows.length === 0) return;
  // Raw SQL: the guarded upsert above (TypeORM cannot say it), fed by unnest for one round trip per batch.
  await manager.query(
    `INSERT INTO matter_projection (firm_id, matter_id, client_id, number, title, practice_area, status, changed_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
     ON CONFLICT (firm_id, matter_id) DO UPDATE SET
       client_id = EXCLUDED.client_id, number = EXCLUDED.number, title = EXCLUDED.title,
       practice_area = EXCLUDED.practice_area, status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
     WHERE matter_projection.changed_at <= EXCLUDED.changed_at`,
    [
      rows.map((envelope) => envelope.firmId),
      rows.map((envelope) => envelope.data.matterId),
      rows.map((envelope) => envelope.data.clientId),
      rows.map((envelope) => envelope.data.number),
      rows.map((envelope) => envelope.data.title),
      rows.map((envelope) => envelope.data.practiceArea ?? null),
      rows.map((envelope) => envelope.data.status),
      rows.map((envelope) => envelope.data.changedAt),
    ],
  );
}

export const MATTER_TOPIC = TOPICS.intakeMatter.name;

export function matterProjectionHandlers(): Record<string, EventHandler> {
  return {
    [MatterOpenedV1.type]: applyMatterSnapshot,
    [MatterUpdatedV1.type]: applyMatterSnapshot,
    [MatterClosedV1.type]: applyMatterSnapshot,
    [MatterReopenedV1.type]: applyMatterSnapshot,
  };
}

export async function findProjectedMatter(
  manager: EntityManager,
  matterId: string,
): Promise<ProjectedMatter | null> {
  return manager.getRepository(ProjectedMatter).findOne({ where: { matterId } });
}
