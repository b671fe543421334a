import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import { EntityName } from './entity-name.entity';
import { RecordedEntityRow } from './entity.entity';
import { MatterPartyRow } from './matter-party.entity';
import type {
  MatterParty,
  PartyKind,
  PartyRole,
  PartyType,
  RecordedEntity,
  RelationshipKind,
} from './party.types';
import { Relationship } from './relationship.entity';

/** People and companies other than clients, who appears in which matter in what role, and how records relate. */
@Injectable()
export class PartyRepository {
  async insertEntity(
    manager: EntityManager,
    firmId: string,
    entity: { kind: PartyKind; name: string; email?: string },
  ): Promise<string> {
    const id = uuidv7();
    await manager.insert(RecordedEntityRow, {
      id,
      firmId,
      kind: entity.kind,
      name: entity.name,
      email: entity.email ?? null,
    });
    return id;
  }

  async insertEntityName(
    manager: EntityManager,
    firmId: string,
    entityId: string,
    name: string,
    nameType: EntityName['nameType'],
  ): Promise<void> {
    await manager.insert(EntityName, { id: uuidv7(), firmId, entityId, name, nameType });
  }

  findEntity(manager: EntityManager, id: string): Promise<RecordedEntity | null> {
    return manager.findOne(RecordedEntityRow, {
      select: { id: true, name: true, kind: true },
      where: { id },
    });
  }

  async addToMatter(
    manager: EntityManager,
    firmId: string,
    matterId: string,
    role: PartyRole,
    partyType: PartyType,
    partyId: string,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(MatterPartyRow)
      .values({ id: uuidv7(), firmId, matterId, role, partyType, partyId })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  /** In the order they were added, each with the name and kind of the client or entity it is. */
  async listForMatter(manager: EntityManager, matterId: string): Promise<MatterParty[]> {
    // Clients are joined by table name: parties read a client's name, never the clients feature's entity.
    const rows: Array<{
      id: string;
      role: PartyRole;
      partyType: PartyType;
      partyId: string;
      name: string;
      kind: PartyKind;
    }> = await manager
      .createQueryBuilder(MatterPartyRow, 'party')
      .leftJoin('clients', 'client', `party.party_type = 'client' AND client.id = party.party_id`)
      .leftJoin(RecordedEntityRow, 'entity', `party.party_type = 'entity' AND entity.id = party.party_id`)
      .select('party.id', 'id')
      .addSelect('party.role', 'role')
      .addSelect('party.party_type', 'partyType')
      .addSelect('party.party_id', 'partyId')
      .addSelect('coalesce(client.name, entity.name)', 'name')
      .addSelect('coalesce(client.kind, entity.kind)', 'kind')
      .where('party.matter_id = :matterId', { matterId })
      .orderBy('party.created_at')
      .addOrderBy('party.id')
      .getRawMany();
    return rows;
  }

  async relate(
    manager: EntityManager,
    firmId: string,
    from: { type: PartyType; id: string },
    kind: RelationshipKind,
    to: { type: PartyType; id: string },
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Relationship)
      .values({
        id: uuidv7(),
        firmId,
        fromType: from.type,
        fromId: from.id,
        kind,
        toType: to.type,
        toId: to.id,
      })
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
}
