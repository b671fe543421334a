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
export async function applyMatterSnapshot(envelope: EventEnvelope<MatterSnapshotV1>, manager: EntityManager): Promise<void> {
  const snapshot = envelope.data;
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

export const MATTER_TOPIC = TOPICS.intakeMatter.name;

export function matterProjectionHandlers(): Record<string, EventHandler> {
  return {
    [MatterOpenedV1.type]: applyMatterSnapshot,
    [MatterUpdatedV1.type]: applyMatterSnapshot,
    [MatterClosedV1.type]: applyMatterSnapshot,
    [MatterReopenedV1.type]: applyMatterSnapshot,
  };
}

export async function findProjectedMatter(manager: EntityManager, matterId: string): Promise<ProjectedMatter | null> {
  return manager.getRepository(ProjectedMatter).findOne({ where: { matterId } });
}
