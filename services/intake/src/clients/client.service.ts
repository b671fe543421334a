import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { ClientCreatedV1, ClientUpdatedV1, uuidv7, type ClientKind } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ConflictService } from '../conflicts/conflict.service';
import { PartyService, UnknownPartyError } from '../parties/party.service';
import type { Client } from './client.entity';
import { UnknownClientError } from './client.exception';
import { ClientDetailsRepository } from './client-details.repository';
import { ClientRepository } from './client.repository';
import type {
  AlternateNameDto,
  ClientView,
  CreateClientDto,
  CreateRelationshipDto,
} from './dto/create-client.dto';

// What other features may use of clients besides the service.
export { UnknownClientError } from './client.exception';
export { ClientView } from './dto/create-client.dto';

/** What other features need to know of a client. */
export interface ClientSummary {
  id: string;
  kind: ClientKind;
  name: string;
}

@Injectable()
export class ClientService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
    private readonly details: ClientDetailsRepository,
    private readonly parties: PartyService,
    private readonly conflicts: ConflictService,
  ) {}

  async create(actor: Actor, input: CreateClientDto): Promise<ClientView> {
    return withTenant(this.dataSource, actor.firmId, (manager) => this.createWithin(manager, actor, input));
  }

  /** Records a client with its names and contacts, indexes every name for conflict checks, and publishes it. */
  async createWithin(manager: EntityManager, actor: Actor, input: CreateClientDto): Promise<ClientView> {
    const client = await this.clients.insert(manager, {
      id: uuidv7(),
      firmId: actor.firmId,
      kind: input.kind,
      name: input.name,
      email: input.email ?? null,
    });
    await this.details.addNames(manager, actor.firmId, client.id, input.alternateNames ?? []);
    await this.details.addContacts(manager, actor.firmId, client.id, input.contacts ?? []);
    await this.conflicts.indexNames(manager, actor.firmId, 'client', client.id, [
      { name: client.name, nameType: 'primary', kind: client.kind },
      ...(input.alternateNames ?? []).map((alias) => ({
        name: alias.name,
        nameType: alias.type,
        kind: client.kind,
      })),
    ]);
    const data: ClientCreatedV1 = {
      clientId: client.id,
      kind: client.kind,
      name: client.name,
      ...(client.email ? { email: client.email } : {}),
    };
    await recordChange(manager, actor, {
      action: 'client.created',
      resourceType: 'client',
      resourceId: client.id,
      events: [{ type: ClientCreatedV1.type, aggregateId: client.id, data }],
    });
    return this.view(manager, client);
  }

  /** The client's name and kind for another feature's use case, in its transaction; null if the firm has no such client. */
  async summaryWithin(manager: EntityManager, id: string): Promise<ClientSummary | null> {
    const client = await this.clients.findById(manager, id);
    return client ? { id: client.id, kind: client.kind, name: client.name } : null;
  }

  async get(actor: Actor, id: string): Promise<ClientView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const client = await this.clients.findById(manager, id);
      if (!client) throw new NotFoundError('client', id);
      return this.view(manager, client);
    });
  }

  async list(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ClientView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.clients.list(manager, limit, after),
    );
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toClientView);
  }

  async addAlternateNames(actor: Actor, id: string, names: AlternateNameDto[]): Promise<ClientView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const client = await this.clients.findById(manager, id);
      if (!client) throw new NotFoundError('client', id);
      await this.details.addNames(manager, actor.firmId, client.id, names);
      await this.conflicts.indexNames(
        manager,
        actor.firmId,
        'client',
        client.id,
        names.map((alias) => ({ name: alias.name, nameType: alias.type, kind: client.kind })),
      );
      await this.publishUpdated(manager, actor, client);
      return this.view(manager, client);
    });
  }

  /** Relates this client to another record; conflict checks expand hits along relationships. */
  async relate(actor: Actor, id: string, input: CreateRelationshipDto): Promise<ClientView> {
    const given = [input.clientId, input.entityId, input.name].filter((value) => value !== undefined).length;
    if (given !== 1)
      throw new ValidationFailedError([
        { field: 'clientId', message: 'give exactly one of clientId, entityId or name (with partyKind)' },
      ]);
    if (input.name && !input.partyKind)
      throw new ValidationFailedError([
        { field: 'partyKind', message: 'partyKind (person or company) is required with a name' },
      ]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const client = await this.clients.findById(manager, id);
      if (!client) throw new NotFoundError('client', id);
      let other: { type: 'client' | 'entity'; id: string };
      if (input.clientId) {
        if (input.clientId === client.id)
          throw new ValidationFailedError([
            { field: 'clientId', message: 'a client cannot be related to itself' },
          ]);
        if (!(await this.clients.findById(manager, input.clientId)))
          throw new UnknownClientError(input.clientId);
        other = { type: 'client', id: input.clientId };
      } else if (input.entityId) {
        if (!(await this.parties.findEntity(manager, input.entityId)))
          throw new UnknownPartyError(input.entityId, 'entityId');
        other = { type: 'entity', id: input.entityId };
      } else {
        const kind = input.partyKind ?? 'company';
        const entityId = await this.parties.recordEntity(manager, actor.firmId, {
          kind,
          name: input.name ?? '',
        });
        await this.conflicts.indexNames(manager, actor.firmId, 'entity', entityId, [
          { name: input.name ?? '', nameType: 'primary', kind },
        ]);
        other = { type: 'entity', id: entityId };
      }
      await this.parties.relate(manager, actor.firmId, { type: 'client', id: client.id }, input.kind, other);
      await this.publishUpdated(manager, actor, client);
      return this.view(manager, client);
    });
  }

  private async publishUpdated(manager: EntityManager, actor: Actor, client: Client): Promise<void> {
    const names = await this.details.names(manager, client.id);
    const data: ClientUpdatedV1 = {
      clientId: client.id,
      kind: client.kind,
      name: client.name,
      ...(client.email ? { email: client.email } : {}),
      alternateNames: names.map((alias) => alias.name),
    };
    await recordChange(manager, actor, {
      action: 'client.updated',
      resourceType: 'client',
      resourceId: client.id,
      events: [{ type: ClientUpdatedV1.type, aggregateId: client.id, data }],
    });
  }

  private async view(manager: EntityManager, client: Client): Promise<ClientView> {
    return {
      ...toClientView(client),
      alternateNames: await this.details.names(manager, client.id),
      contacts: await this.details.contacts(manager, client.id),
      relationships: await this.details.relationships(manager, client.id),
    };
  }
}

export function toClientView(client: Client): ClientView {
  return {
    id: client.id,
    kind: client.kind,
    name: client.name,
    email: client.email,
    createdAt: client.createdAt.toISOString(),
  };
}
