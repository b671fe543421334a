import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { ConsentRow } from './consent.entity';
import type { Consent } from './consent.model';

/** A consent with the exact (microsecond) creation time as text, for keyset cursors. */
export interface ListedConsent extends Consent {
  sortKey: string;
}

export type NewConsent = Pick<
  Consent,
  'id' | 'firmId' | 'clientId' | 'scopes' | 'vendorIds' | 'givenOn' | 'method' | 'documentRef' | 'grantedBy'
>;

// An ISO string from a JS Date drops microseconds (and would skip rows on the next page).
const SORT_KEY = `to_char(consent.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every call runs inside the caller's withTenant transaction, so row-level security limits it to that firm's rows. */
@Injectable()
export class ConsentRepository {
  async insert(manager: EntityManager, consent: NewConsent): Promise<Consent> {
    await manager.insert(ConsentRow, consent);
    return manager.findOneOrFail(ConsentRow, { where: { id: consent.id } });
  }

  /** Locks the row, so two concurrent revocations cannot both see it active. */
  findForUpdate(manager: EntityManager, clientId: string, consentId: string): Promise<Consent | null> {
    return manager.findOne(ConsentRow, {
      where: { clientId, id: consentId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async markRevoked(
    manager: EntityManager,
    consentId: string,
    revokedBy: string,
    reason: string,
  ): Promise<Consent> {
    await manager.update(
      ConsentRow,
      { id: consentId, revokedAt: IsNull() },
      { revokedAt: () => 'now()', revokedBy, revocationReason: reason },
    );
    return manager.findOneOrFail(ConsentRow, { where: { id: consentId } });
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  async listForClient(
    manager: EntityManager,
    clientId: string,
    options: { limit: number; after?: CursorPosition; includeRevoked: boolean },
  ): Promise<ListedConsent[]> {
    const query = manager
      .createQueryBuilder(ConsentRow, 'consent')
      .addSelect(SORT_KEY, 'sort_key')
      .where('consent.client_id = :clientId', { clientId })
      .orderBy('consent.created_at', 'DESC')
      .addOrderBy('consent.id', 'DESC')
      .limit(options.limit + 1);
    if (!options.includeRevoked) query.andWhere('consent.revoked_at IS NULL');
    if (options.after)
      query.andWhere('(consent.created_at, consent.id) < (:sortKey::timestamptz, :id::uuid)', options.after);
    const { entities, raw } = await query.getRawAndEntities<{ sort_key: string }>();
    return entities.map((consent, index) => ({ ...consent, sortKey: raw[index]?.sort_key ?? '' }));
  }

  /** Every consent of the client, revoked ones included; a client has a handful at most. */
  allForClient(manager: EntityManager, clientId: string): Promise<Consent[]> {
    return manager.find(ConsentRow, { where: { clientId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }
}
