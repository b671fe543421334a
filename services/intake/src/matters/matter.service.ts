import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { auditChange } from '@lawfirm/audit';
import { MatterOpenedV1, uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { appendToOutbox } from '@lawfirm/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ClientRepository } from '../clients/client.repository';
import type { CreateMatterDto, MatterView } from './dto/create-matter.dto';
import type { Matter } from './matter.entity';
import { matterSnapshot } from './matter.events';
import { UnknownClientError } from './matter.exception';
import { MatterRepository } from './matter.repository';

@Injectable()
export class MatterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matters: MatterRepository,
    private readonly clients: ClientRepository,
  ) {}

  /**
   * Opens a matter for an existing client: number, row, event and audit record in one
   * transaction. (The conflict check that may hold a matter as `pending` comes with the
   * intake issue; until then every matter opens at once.)
   */
  async open(actor: Actor, input: CreateMatterDto): Promise<MatterView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const client = await this.clients.findById(manager, input.clientId);
      if (!client) throw new UnknownClientError(input.clientId);
      const now = new Date();
      const matter = await this.matters.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        clientId: client.id,
        number: await this.matters.nextNumber(manager, actor.firmId, now.getUTCFullYear()),
        title: input.title,
        practiceArea: input.practiceArea ?? null,
        status: 'open',
        openedAt: now,
      });
      const eventActor = { type: actor.actorType, id: actor.subject };
      await appendToOutbox(manager, {
        type: MatterOpenedV1.type,
        firmId: actor.firmId,
        aggregateId: matter.id,
        actor: eventActor,
        correlationId: actor.correlationId,
        data: matterSnapshot(matter, now),
      });
      await auditChange(manager, {
        firmId: actor.firmId,
        actor: eventActor,
        action: 'matter.opened',
        resourceType: 'matter',
        resourceId: matter.id,
        correlationId: actor.correlationId,
        requestId: actor.requestId,
        details: { number: matter.number, clientId: matter.clientId },
      });
      return toMatterView(matter);
    });
  }

  async get(actor: Actor, id: string): Promise<MatterView> {
    const matter = await withTenant(this.dataSource, actor.firmId, (manager) => this.matters.findById(manager, id));
    if (!matter) throw new NotFoundError('matter', id);
    return toMatterView(matter);
  }

  async list(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string, clientId?: string): Promise<Page<MatterView>> {
    const after = decodeCursor(cursor);
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) => this.matters.list(manager, limit, after, clientId));
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toMatterView);
  }
}

export function toMatterView(matter: Matter): MatterView {
  return {
    id: matter.id,
    number: matter.number,
    clientId: matter.clientId,
    title: matter.title,
    practiceArea: matter.practiceArea,
    status: matter.status,
    openedAt: matter.openedAt ? matter.openedAt.toISOString() : null,
    createdAt: matter.createdAt.toISOString(),
  };
}
