import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutsourcingScope } from '@lawfirm/contracts';
import type { CursorPosition } from '@lawfirm/platform';
import type { Consent, ConsentMethod } from './consent.model';

/** A consent with the exact (microsecond) creation time as text, for keyset cursors. */
export interface ListedConsent extends Consent {
  sortKey: string;
}

interface ConsentRow {
  id: string;
  firm_id: string;
  client_id: string;
  scopes: OutsourcingScope[];
  vendor_ids: string[] | null;
  given_on: string;
  method: ConsentMethod;
  document_ref: string | null;
  granted_by: string;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  revocation_reason: string | null;
  sort_key: string;
}

export type NewConsent = Pick<
  Consent,
  'id' | 'firmId' | 'clientId' | 'scopes' | 'vendorIds' | 'givenOn' | 'method' | 'documentRef' | 'grantedBy'
>;

// given_on as text: node-postgres would turn a `date` into a local-midnight Date and shift the day.
// sort_key keeps microseconds, which an ISO string from a JS Date would drop (and skip rows on the next page).
const COLUMNS = `id, firm_id, client_id, scopes, vendor_ids, given_on::text AS given_on, method, document_ref,
  granted_by, created_at, revoked_at, revoked_by, revocation_reason,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;

/**
 * Raw SQL over `consents` (no TypeORM entity). Every call runs inside the caller's withTenant
 * transaction, so row-level security limits it to that firm's rows.
 */
@Injectable()
export class ConsentRepository {
  async insert(manager: EntityManager, consent: NewConsent): Promise<Consent> {
    const rows: ConsentRow[] = await manager.query(
      `INSERT INTO consents (id, firm_id, client_id, scopes, vendor_ids, given_on, method, document_ref, granted_by)
       VALUES ($1, $2, $3, $4::text[], $5::uuid[], $6::date, $7, $8, $9)
       RETURNING ${COLUMNS}`,
      [
        consent.id,
        consent.firmId,
        consent.clientId,
        consent.scopes,
        consent.vendorIds,
        consent.givenOn,
        consent.method,
        consent.documentRef,
        consent.grantedBy,
      ],
    );
    return toConsent(single(rows));
  }

  /** Locks the row, so two concurrent revocations cannot both see it active. */
  async findForUpdate(manager: EntityManager, clientId: string, consentId: string): Promise<Consent | null> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM consents WHERE client_id = $1 AND id = $2 FOR UPDATE`,
      [clientId, consentId],
    );
    return rows[0] ? toConsent(rows[0]) : null;
  }

  async markRevoked(
    manager: EntityManager,
    consentId: string,
    revokedBy: string,
    reason: string,
  ): Promise<Consent> {
    // TypeORM answers an UPDATE with [rows, affected count] rather than the rows alone.
    const [rows]: [ConsentRow[], number] = await manager.query(
      `UPDATE consents SET revoked_at = now(), revoked_by = $2, revocation_reason = $3
       WHERE id = $1 AND revoked_at IS NULL
       RETURNING ${COLUMNS}`,
      [consentId, revokedBy, reason],
    );
    return toConsent(single(rows));
  }

  /** Newest first; `limit + 1` rows so the caller knows whether there is a next page. */
  async listForClient(
    manager: EntityManager,
    clientId: string,
    options: { limit: number; after?: CursorPosition; includeRevoked: boolean },
  ): Promise<ListedConsent[]> {
    const conditions = ['client_id = $1'];
    const parameters: unknown[] = [clientId, options.limit + 1];
    if (!options.includeRevoked) conditions.push('revoked_at IS NULL');
    if (options.after) {
      parameters.push(options.after.sortKey, options.after.id);
      conditions.push(`(created_at, id) < ($3::timestamptz, $4::uuid)`);
    }
    const rows: ConsentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM consents WHERE ${conditions.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      parameters,
    );
    return rows.map((row) => ({ ...toConsent(row), sortKey: row.sort_key }));
  }

  /** Every consent of the client, revoked ones included; a client has a handful at most. */
  async allForClient(manager: EntityManager, clientId: string): Promise<Consent[]> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM consents WHERE client_id = $1 ORDER BY created_at DESC, id DESC`,
      [clientId],
    );
    return rows.map(toConsent);
  }
}

function single(rows: ConsentRow[]): ConsentRow {
  const row = rows[0];
  if (!row) throw new Error('consents: the statement returned no row');
  return row;
}

function toConsent(row: ConsentRow): Consent {
  return {
    id: row.id,
    firmId: row.firm_id,
    clientId: row.client_id,
    scopes: row.scopes,
    vendorIds: row.vendor_ids,
    givenOn: row.given_on,
    method: row.method,
    documentRef: row.document_ref,
    grantedBy: row.granted_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revocationReason: row.revocation_reason,
  };
}
