import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClientSnapshotV1, EventEnvelope } from '@lawfirm/contracts';
import { ProjectedClient } from './projected-client.entity';

/** What billing's features may ask of the client projection. */
@Injectable()
export class ClientsService {
  /** Upserts from a client event; an older event never overwrites a newer one. */
  async apply(envelope: EventEnvelope<ClientSnapshotV1>, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProjectedClient)
      .values({
        firmId: envelope.firmId,
        clientId: envelope.data.clientId,
        name: envelope.data.name,
        kind: envelope.data.kind,
        changedAt: new Date(envelope.occurredAt),
      })
      .orUpdate(['name', 'kind', 'changed_at'], ['firm_id', 'client_id'], {
        overwriteCondition: { where: 'client_projection.changed_at <= EXCLUDED.changed_at' },
      })
      .execute();
  }

  /** Names of the given clients that have arrived (another firm's are invisible under RLS). */
  async names(manager: EntityManager, clientIds: readonly string[]): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const rows = await manager
      .getRepository(ProjectedClient)
      .createQueryBuilder('client')
      .where('client.client_id IN (:...clientIds)', { clientIds: [...clientIds] })
      .getMany();
    return new Map(rows.map((row) => [row.clientId, row.name]));
  }
}
