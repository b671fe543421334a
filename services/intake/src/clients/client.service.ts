import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { auditChange } from '@lawfirm/audit';
import { ClientCreatedV1, uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { appendToOutbox } from '@lawfirm/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import type { Client } from './client.entity';
import { ClientRepository } from './client.repository';
import type { ClientView, CreateClientDto } from './dto/create-client.dto';

@Injectable()
export class ClientService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: ClientRepository,
  ) {}

  async create(actor: Actor, input: CreateClientDto): Promise<ClientView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const client = await this.clients.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        kind: input.kind,
        name: input.name,
        email: input.email ?? null,
      });
      const data: ClientCreatedV1 = { clientId: client.id, kind: client.kind, name: client.name, ...(client.email ? { email: client.email } : {}) };
      await appendToOutbox(manager, {
        type: ClientCreatedV1.type,
        firmId: actor.firmId,
        aggregateId: client.id,
        actor: { type: actor.actorType, id: actor.subject },
        correlationId: actor.correlationId,
        data,
      });
      await auditChange(manager, {
        firmId: actor.firmId,
        actor: { type: actor.actorType, id: actor.subject },
        action: 'client.created',
        resourceType: 'client',
        resourceId: client.id,
        correlationId: actor.correlationId,
        requestId: actor.requestId,
      });
      return toClientView(client);
    });
  }

  async get(actor: Actor, id: string): Promise<ClientView> {
    const client = await withTenant(this.dataSource, actor.firmId, (manager) => this.clients.findById(manager, id));
    if (!client) throw new NotFoundError('client', id);
    return toClientView(client);
  }

  async list(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ClientView>> {
    const after = decodeCursor(cursor);
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) => this.clients.list(manager, limit, after));
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toClientView);
  }
}

export function toClientView(client: Client): ClientView {
  return { id: client.id, kind: client.kind, name: client.name, email: client.email, createdAt: client.createdAt.toISOString() };
}
