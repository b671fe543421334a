import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';

import type { MatterParty, PartyRole, RelationshipKind } from './party.types';

interface PartyRow {
  id: string;
  role: PartyRole;
  party_type: 'client' | 'entity';
  party_id: string;
  name: string;
  kind: 'person' | 'company';
  created_at: Date;
}

/** People and companies other than clients, and who appears in which matter in what role. */
@Injectable()
export class PartyRepository {
  async insertEntity(
    manager: EntityManager,
    firmId: string,
    entity: { kind: 'person' | 'company'; name: string; email?: string },
  ): Promise<string> {
    const id = uuidv7();
    await manager.query(`INSERT INTO entities (id, firm_id, kind, name, email) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      firmId,
      entity.kind,
      entity.name,
      entity.email ?? null,
    ]);
    return id;
  }

  async insertEntityName(
    manager: EntityManager,
    firmId: string,
    entityId: string,
    name: string,
    nameType: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO entity_names (id, firm_id, entity_id, name, name_type) VALUES ($1, $2, $3, $4, $5)`,
      [uuidv7(), firmId, entityId, name, nameType],
    );
  }

  async findEntity(
    manager: EntityManager,
    id: string,
  ): Promise<{ id: string; name: string; kind: 'person' | 'company' } | null> {
    const rows = await manager.query(`SELECT id, name, kind FROM entities WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async addToMatter(
    manager: EntityManager,
    firmId: string,
    matterId: string,
    role: PartyRole,
    partyType: 'client' | 'entity',
    partyId: string,
  ): Promise<string> {
    const id = uuidv7();
    await manager.query(
      `INSERT INTO matter_parties (id, firm_id, matter_id, role, party_type, party_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (firm_id, matter_id, role, party_type, party_id) DO NOTHING`,
      [id, firmId, matterId, role, partyType, partyId],
    );
    return id;
  }

  async listForMatter(manager: EntityManager, matterId: string): Promise<MatterParty[]> {
    const rows: PartyRow[] = await manager.query(
      `SELECT p.id, p.role, p.party_type, p.party_id, coalesce(c.name, e.name) AS name, coalesce(c.kind, e.kind) AS kind, p.created_at
         FROM matter_parties p
         LEFT JOIN clients c ON p.party_type = 'client' AND c.id = p.party_id
         LEFT JOIN entities e ON p.party_type = 'entity' AND e.id = p.party_id
        WHERE p.matter_id = $1 ORDER BY p.created_at, p.id`,
      [matterId],
    );
    return rows.map((row) => ({
      id: row.id,
      role: row.role,
      partyType: row.party_type,
      partyId: row.party_id,
      name: row.name,
      kind: row.kind,
    }));
  }

  async relate(
    manager: EntityManager,
    firmId: string,
    from: { type: 'client' | 'entity'; id: string },
    kind: RelationshipKind,
    to: { type: 'client' | 'entity'; id: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO relationships (id, firm_id, from_type, from_id, kind, to_type, to_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [uuidv7(), firmId, from.type, from.id, kind, to.type, to.id],
    );
  }
}
