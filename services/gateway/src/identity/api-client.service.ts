import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashSecret, newClientId, newClientSecret, type Actor } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { AccessRevokedV1, uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { AccessEpochs } from './access-epochs';
import { ApiClient } from './api-client.entity';
import type { ApiClientView, CreateApiClientDto, CreatedApiClientView } from './dto/api-client.dto';

/** A firm's integrations: credentials for the client_credentials grant. */
@Injectable()
export class ApiClientService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly epochs: AccessEpochs,
  ) {}

  async create(actor: Actor, input: CreateApiClientDto): Promise<CreatedApiClientView> {
    const secret = newClientSecret();
    const secretHash = await hashSecret(secret);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const repository = manager.getRepository(ApiClient);
      const client = await repository.save(
        repository.create({
          id: uuidv7(),
          firmId: actor.firmId,
          clientId: newClientId(),
          name: input.name,
          secretHash,
          roles: input.roles,
          revokedAt: null,
          tokenEpoch: 0,
        }),
      );
      await recordChange(manager, actor, {
        action: 'api-client.created',
        resourceType: 'api-client',
        resourceId: client.id,
        details: { clientId: client.clientId, roles: client.roles },
      });
      return { ...toView(client), clientSecret: secret };
    });
  }

  async list(actor: Actor, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ApiClientView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) => {
      const query = manager
        .getRepository(ApiClient)
        .createQueryBuilder('client')
        .orderBy(`date_trunc('milliseconds', client.created_at)`, 'DESC')
        .addOrderBy('client.id', 'DESC')
        .limit(limit + 1);
      if (after)
        query.where(
          `(date_trunc('milliseconds', client.created_at), client.id) < (:sortKey::timestamptz, :id::uuid)`,
          after,
        );
      return query.getMany();
    });
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toView);
  }

  /**
   * Revoked credentials get no new token, and the tokens already issued stop working at once at
   * every gateway instance (the client's epoch moves on; `gateway.access.revoked` evicts it from each
   * instance's cache).
   */
  async revoke(actor: Actor, id: string): Promise<ApiClientView> {
    const view = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const repository = manager.getRepository(ApiClient);
      const client = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!client) throw new NotFoundError('api_client', id);
      if (!client.revokedAt) {
        client.revokedAt = new Date();
        client.tokenEpoch += 1;
        await repository.save(client);
        await recordChange(manager, actor, {
          action: 'api-client.revoked',
          resourceType: 'api-client',
          resourceId: client.id,
          events: [
            {
              type: AccessRevokedV1.type,
              aggregateId: client.id,
              data: {
                principalType: 'integration',
                principalId: client.id,
                epoch: client.tokenEpoch,
                reason: 'client-revoked',
              },
            },
          ],
        });
      }
      return toView(client);
    });
    this.epochs.forget('integration', id);
    return view;
  }
}

function toView(client: ApiClient): ApiClientView {
  return {
    id: client.id,
    clientId: client.clientId,
    name: client.name,
    roles: client.roles,
    createdAt: client.createdAt.toISOString(),
    revokedAt: client.revokedAt ? client.revokedAt.toISOString() : null,
  };
}
