import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PartyRepository } from './party.repository';
import type {
  MatterParty,
  PartyKind,
  PartyRole,
  PartyType,
  RecordedEntity,
  RelationshipKind,
} from './party.types';

// What other features may use of parties: these, the service and the module.
export {
  PARTY_ROLES,
  type MatterParty,
  type PartyKind,
  type PartyRole,
  type PartyType,
  type RecordedEntity,
} from './party.types';
export { UnknownPartyError } from './party.exception';

/**
 * People and companies other than clients, who appears in which matter in what role, and how
 * records relate. Every method runs in the caller's firm-scoped transaction: the features that
 * use it (clients, matters) record parties as part of their own use cases.
 */
@Injectable()
export class PartyService {
  constructor(private readonly parties: PartyRepository) {}

  /** Records a person or company with its alternate names; answers its id. */
  async recordEntity(
    manager: EntityManager,
    firmId: string,
    entity: { kind: PartyKind; name: string; alternateNames?: string[] },
  ): Promise<string> {
    const entityId = await this.parties.insertEntity(manager, firmId, {
      kind: entity.kind,
      name: entity.name,
    });
    for (const alias of entity.alternateNames ?? [])
      await this.parties.insertEntityName(manager, firmId, entityId, alias, 'aka');
    return entityId;
  }

  findEntity(manager: EntityManager, id: string): Promise<RecordedEntity | null> {
    return this.parties.findEntity(manager, id);
  }

  async addToMatter(
    manager: EntityManager,
    firmId: string,
    matterId: string,
    role: PartyRole,
    partyType: PartyType,
    partyId: string,
  ): Promise<void> {
    await this.parties.addToMatter(manager, firmId, matterId, role, partyType, partyId);
  }

  listForMatter(manager: EntityManager, matterId: string): Promise<MatterParty[]> {
    return this.parties.listForMatter(manager, matterId);
  }

  relate(
    manager: EntityManager,
    firmId: string,
    from: { type: PartyType; id: string },
    kind: RelationshipKind,
    to: { type: PartyType; id: string },
  ): Promise<void> {
    return this.parties.relate(manager, firmId, from, kind, to);
  }
}
