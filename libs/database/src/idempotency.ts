import { createHash } from 'node:crypto';
import { Column, Entity, Index, PrimaryColumn, type EntityManager } from 'typeorm';
import { grantSql, tenantTableSql } from './rls';

/** The header the gateway forwards a caller's Idempotency-Key in. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a service remembers a key's outcome (as long as the gateway does). */
export const SERVICE_KEY_TTL_HOURS = 24;
/** How long a retry waits on the first request's uncommitted claim before answering 409. */
export const CLAIM_LOCK_TIMEOUT = '5s';

/**
 * One Idempotency-Key a service committed a change under: claimed inside the use case's own
 * transaction (so it exists exactly when the change does), the answer added once the request
 * has been answered. A retry the gateway forwards because it never learned the outcome finds it.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expiry', ['firmId', 'expiresAt'])
export class IdempotencyKeyRow {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  /** Keys are the caller's own (as at the gateway): two users of one firm may pick the same. */
  @PrimaryColumn({ type: 'text' })
  subject!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, path with query, and body. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'integer', nullable: true })
  status!: number | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ type: 'bytea', nullable: true })
  body!: Buffer | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}

/** DDL for every service's idempotency_keys table; called from one migration per service. */
export function idempotencyKeysTableSql(appRole: string): string[] {
  return [
    `CREATE TABLE idempotency_keys (
       firm_id uuid NOT NULL,
       subject text NOT NULL,
       key text NOT NULL,
       fingerprint text NOT NULL,
       status integer,
       content_type text,
       body bytea,
       created_at timestamptz NOT NULL DEFAULT now(),
       answered_at timestamptz,
       expires_at timestamptz NOT NULL,
       PRIMARY KEY (firm_id, subject, key)
     )`,
    `CREATE INDEX idempotency_keys_expiry ON idempotency_keys (firm_id, expires_at)`,
    ...tenantTableSql('idempotency_keys'),
    grantSql('idempotency_keys', appRole),
  ];
}

/** What makes two requests "the same": method, path with query, and body (as the gateway computes it). */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const hash = createHash('sha256').update(`${method}\n${url}\n`);
  // A raw upload is hashed as its bytes: JSON.stringify would spell out every byte as a number.
  if (Buffer.isBuffer(body)) return hash.update('bytes\n').update(body).digest('hex');
  return hash.update(body === undefined ? '' : JSON.stringify(body)).digest('hex');
}

/**
 * A request's Idempotency-Key as a service holds it while the request runs: `claimed` once a
 * transaction of this request has inserted it (so later transactions of the same request do not).
 */
export interface IdempotencyClaim {
  subject: string;
  key: string;
  fingerprint: string;
  claimed: boolean;
}

/** Another request holds (or held) this key: its outcome is, or will be, the answer. */
export class IdempotencyKeyTakenError extends Error {
  constructor(readonly reason: 'committed' | 'in-progress') {
    super(`Idempotency-Key already ${reason === 'committed' ? 'used' : 'in use'}`);
  }
}

interface PgError {
  code?: string;
  driverError?: { code?: string };
}

function pgCode(error: unknown): string | undefined {
  const candidate = error as PgError | undefined;
  return candidate?.code ?? candidate?.driverError?.code;
}

/**
 * Inserts the request's key in the caller's transaction, so it commits (or rolls back) with the
 * change. A concurrent transaction holding the same key makes this wait on the unique key until
 * it ends: if it committed, the key is taken; if it rolled back, this one claims it. Waiting is
 * bounded by CLAIM_LOCK_TIMEOUT (then "in progress"). No-op once claimed for this request.
 */
export async function claimIdempotencyKey(
  manager: EntityManager,
  firmId: string,
  claim: IdempotencyClaim,
): Promise<void> {
  if (claim.claimed) return;
  // A lock timeout aborts the use case's transaction, which is what we want: it must not commit.
  const [{ lock_timeout: previousTimeout }] = (await manager.query(`SHOW lock_timeout`)) as Array<{
    lock_timeout: string;
  }>;
  await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [CLAIM_LOCK_TIMEOUT]);
  let inserted: unknown[];
  try {
    await manager
      .createQueryBuilder()
      .delete()
      .from(IdempotencyKeyRow)
      .where({ firmId, subject: claim.subject, key: claim.key })
      .andWhere('expires_at < now()')
      .execute();
    // Raw SQL: INSERT ... ON CONFLICT DO NOTHING RETURNING, with the interval computed by the database.
    inserted = (await manager.query(
      `INSERT INTO idempotency_keys (firm_id, subject, key, fingerprint, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
       ON CONFLICT (firm_id, subject, key) DO NOTHING
       RETURNING key`,
      [firmId, claim.subject, claim.key, claim.fingerprint, SERVICE_KEY_TTL_HOURS],
    )) as unknown[];
  } catch (error) {
    if (pgCode(error) === '55P03') throw new IdempotencyKeyTakenError('in-progress');
    throw error;
  }
  await manager.query(`SELECT set_config('lock_timeout', $1, true)`, [previousTimeout]);
  if (inserted.length === 0) throw new IdempotencyKeyTakenError('committed');
  claim.claimed = true;
}

/** The stored row for a key, if any (read in the caller's tenant transaction). */
export async function findIdempotencyKey(
  manager: EntityManager,
  firmId: string,
  subject: string,
  key: string,
): Promise<IdempotencyKeyRow | null> {
  return manager
    .getRepository(IdempotencyKeyRow)
    .createQueryBuilder('row')
    .where('row.firmId = :firmId AND row.subject = :subject AND row.key = :key', { firmId, subject, key })
    .andWhere('row.expiresAt > now()')
    .getOne();
}

/** Keeps the answer a claimed request got, for a retry to replay. */
export async function storeIdempotentAnswer(
  manager: EntityManager,
  firmId: string,
  claim: IdempotencyClaim,
  answer: { status: number; contentType: string | null; body: Buffer },
): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(IdempotencyKeyRow)
    .set({
      status: answer.status,
      contentType: answer.contentType,
      body: answer.body,
      answeredAt: () => 'now()',
    })
    .where({ firmId, subject: claim.subject, key: claim.key })
    .execute();
}

/** Forgets a firm's expired keys (called now and then, not on every request). */
export async function purgeExpiredIdempotencyKeys(manager: EntityManager, firmId: string): Promise<void> {
  await manager
    .createQueryBuilder()
    .delete()
    .from(IdempotencyKeyRow)
    .where({ firmId })
    .andWhere('expires_at < now()')
    .execute();
}
