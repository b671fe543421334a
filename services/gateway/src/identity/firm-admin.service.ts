import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import {
  AccessRevokedV1,
  type FirmApiClientSummary,
  type FirmSummary,
  type FirmUserSummary,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError } from '@lawfirm/errors';
import { AccessEpochs } from './access-epochs';
import { ApiClient } from './api-client.entity';
import { Firm } from './firm.entity';
import { User } from './user.entity';

export interface NewFirm {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  paymentTermsDays: number;
}

export class FirmSlugTakenError extends DomainError {
  constructor(slug: string) {
    super('conflict', 'firm_slug_taken', `A firm with the slug "${slug}" exists already.`, [
      { field: 'slug', message: 'slug is taken by another firm' },
    ]);
  }
}

/** The firm lookups and state changes operations make, over the tables this feature (identity) owns. */
@Injectable()
export class FirmAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly epochs: AccessEpochs,
  ) {}

  /**
   * Inserts a firm inside the caller's transaction. The slug is the natural key: of concurrent
   * onboardings of one slug the unique index lets one commit; the others wait for it and get 409.
   */
  async insertFirm(manager: EntityManager, firm: NewFirm): Promise<FirmSummary> {
    const repository = manager.getRepository(Firm);
    try {
      await repository.insert(repository.create({ ...firm, tokenEpoch: 0, suspendedAt: null }));
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new FirmSlugTakenError(firm.slug);
      throw error;
    }
    return toFirmSummary(await repository.findOneOrFail({ where: { id: firm.id } }));
  }

  /** Every firm, newest first (at most `limit`). */
  async list(limit: number): Promise<FirmSummary[]> {
    const firms = await this.dataSource
      .getRepository(Firm)
      .createQueryBuilder('firm')
      .orderBy('firm.created_at', 'DESC')
      .addOrderBy('firm.id', 'DESC')
      .limit(limit)
      .getMany();
    return firms.map(toFirmSummary);
  }

  /** A firm with its users and API clients (never a password hash or secret hash); 404 when unknown. */
  async detail(
    firmId: string,
  ): Promise<FirmSummary & { users: FirmUserSummary[]; apiClients: FirmApiClientSummary[] }> {
    return withTenant(this.dataSource, firmId, async (manager) => {
      const firm = await manager.getRepository(Firm).findOne({ where: { id: firmId } });
      if (!firm) throw new NotFoundError('firm', firmId);
      const [users, clients] = await Promise.all([
        manager
          .getRepository(User)
          .find({ where: { firmId }, order: { createdAt: 'ASC', id: 'ASC' }, take: 500 }),
        manager
          .getRepository(ApiClient)
          .find({ where: { firmId }, order: { createdAt: 'ASC', id: 'ASC' }, take: 500 }),
      ]);
      return {
        ...toFirmSummary(firm),
        users: users.map((user) => ({
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          roles: user.roles,
          createdAt: user.createdAt.toISOString(),
          disabledAt: user.disabledAt?.toISOString() ?? null,
        })),
        apiClients: clients.map((client) => ({
          clientId: client.clientId,
          name: client.name,
          roles: client.roles,
          createdAt: client.createdAt.toISOString(),
          revokedAt: client.revokedAt?.toISOString() ?? null,
        })),
      };
    });
  }

  /**
   * Suspends (or reactivates) a firm: under the firm's row lock the epoch moves on, so every token
   * its users and API clients hold fails at once (here now, at the other instances when they hear
   * `gateway.access.revoked`); recorded with the operator's reason. Already in that state: nothing
   * is recorded and the firm is answered as it is.
   */
  async setSuspended(
    caller: ChangeCaller,
    firmId: string,
    suspended: boolean,
    reason: string,
  ): Promise<FirmSummary> {
    const summary = await withTenant(this.dataSource, firmId, async (manager) => {
      const repository = manager.getRepository(Firm);
      const firm = await repository.findOne({ where: { id: firmId }, lock: { mode: 'pessimistic_write' } });
      if (!firm) throw new NotFoundError('firm', firmId);
      if (Boolean(firm.suspendedAt) === suspended) return toFirmSummary(firm);
      firm.suspendedAt = suspended ? new Date() : null;
      firm.tokenEpoch += 1;
      await repository.update({ id: firmId }, { suspendedAt: firm.suspendedAt, tokenEpoch: firm.tokenEpoch });
      await recordChange(manager, caller, {
        action: suspended ? 'firm.suspended' : 'firm.reactivated',
        resourceType: 'firm',
        resourceId: firmId,
        details: { reason, epoch: firm.tokenEpoch },
        events: [
          {
            type: AccessRevokedV1.type,
            aggregateId: firmId,
            data: {
              principalType: 'firm',
              principalId: firmId,
              epoch: firm.tokenEpoch,
              reason: suspended ? 'firm-suspended' : 'firm-reactivated',
            },
          },
        ],
      });
      return toFirmSummary(firm);
    });
    // This instance at once; the others when they hear the event.
    this.epochs.forget('firm', firmId);
    return summary;
  }
}

export function toFirmSummary(firm: Firm): FirmSummary {
  return {
    id: firm.id,
    slug: firm.slug,
    name: firm.name,
    timeZone: firm.timeZone,
    currency: firm.currency,
    paymentTermsDays: firm.paymentTermsDays,
    status: firm.suspendedAt ? 'suspended' : 'active',
    suspendedAt: firm.suspendedAt?.toISOString() ?? null,
    createdAt: firm.createdAt.toISOString(),
  };
}
