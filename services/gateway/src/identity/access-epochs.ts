import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import type { TokenClaims } from '@lawfirm/auth';
import type { AccessPrincipalType } from '@lawfirm/contracts';
import { withScope } from '@lawfirm/database';
import { AUTHN_SCOPE } from '../migrations/1764000000000-initial';
import { ApiClient } from './api-client.entity';
import { Firm } from './firm.entity';
import { User } from './user.entity';

/** A principal that can no longer sign in (deactivated, revoked, suspended): no epoch lets its tokens pass. */
const SHUT = Number.POSITIVE_INFINITY;

/**
 * The principals whose epochs this instance remembers. An event on `gateway.access.v1` evicts an
 * entry at once; the time-to-live only bounds how long a lost event could leave a stale one.
 */
const CACHE = { max: 50_000, ttl: 5 * 60_000 };

/**
 * The current revocation epoch of each user, API client and firm, as the gateway checks it on
 * every request: from a per-instance cache, loaded from the database on a miss, and evicted when
 * any instance moves an epoch (AccessRevocationListener). A principal this database does not know
 * (a token minted for a test, a vendor) is held only to its firm's epoch.
 */
@Injectable()
export class AccessEpochs {
  private readonly cache = new LRUCache<string, number>(CACHE);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether a verified token is still good: neither its subject's nor its firm's epoch moved past it. */
  async isCurrent(claims: TokenClaims): Promise<boolean> {
    const issued = claims.epochs ?? { subject: 0, firm: 0 };
    const subjectType = principalTypeOf(claims.actorType);
    const [firmEpoch, subjectEpoch] = await Promise.all([
      this.current('firm', claims.firmId),
      subjectType ? this.current(subjectType, claims.subject) : Promise.resolve(0),
    ]);
    return issued.firm >= firmEpoch && issued.subject >= subjectEpoch;
  }

  /** Forgets what this instance knows of a principal (its epoch moved here or at another instance). */
  forget(type: AccessPrincipalType, id: string): void {
    this.cache.delete(`${type}:${id}`);
  }

  private async current(type: AccessPrincipalType, id: string): Promise<number> {
    const key = `${type}:${id}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const epoch = await this.load(type, id);
    this.cache.set(key, epoch);
    return epoch;
  }

  private async load(type: AccessPrincipalType, id: string): Promise<number> {
    if (!UUID.test(id)) return 0;
    switch (type) {
      case 'firm': {
        const firm = await this.dataSource
          .getRepository(Firm)
          .findOne({ where: { id }, select: { id: true, tokenEpoch: true, suspendedAt: true } });
        return !firm ? 0 : firm.suspendedAt ? SHUT : firm.tokenEpoch;
      }
      case 'user': {
        const user = await withScope(this.dataSource, AUTHN_SCOPE, (manager) =>
          manager
            .getRepository(User)
            .findOne({ where: { id }, select: { id: true, tokenEpoch: true, disabledAt: true } }),
        );
        return !user ? 0 : user.disabledAt ? SHUT : user.tokenEpoch;
      }
      case 'integration': {
        const client = await withScope(this.dataSource, AUTHN_SCOPE, (manager) =>
          manager
            .getRepository(ApiClient)
            .findOne({ where: { id }, select: { id: true, tokenEpoch: true, revokedAt: true } }),
        );
        return !client ? 0 : client.revokedAt ? SHUT : client.tokenEpoch;
      }
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function principalTypeOf(actorType: TokenClaims['actorType']): AccessPrincipalType | undefined {
  if (actorType === 'user') return 'user';
  if (actorType === 'integration') return 'integration';
  return undefined;
}
