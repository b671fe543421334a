import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Raw, type DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, ValidationFailedError } from '@lawfirm/errors';
import type { ForwardResponse } from './forwarder.service';
import { IdempotencyRecord } from './idempotency-record.entity';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Methods whose effects a retry could repeat; GET and HEAD are safe without a key. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a key is remembered after its first use. */
export const KEY_TTL_HOURS = 24;
/**
 * A key whose first request has been in flight this long is taken to be abandoned (the gateway
 * stopped mid-request; the forwarder itself gives up after 60 s) and the next request with it runs.
 */
export const ABANDONED_AFTER_SECONDS = 120;

/** Printable ASCII, 1–255 characters: room for a UUID or a client's own request id. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'unprocessable',
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request; use a new key for a new request.',
      [{ field: 'Idempotency-Key', message: 'already used with another method, path or body' }],
    );
  }
}

export class IdempotencyInProgressError extends DomainError {
  constructor() {
    super(
      'conflict',
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry shortly to get its result.',
      [],
      { retryAfterSeconds: 1 },
    );
  }
}

/** The caller's key, if any; a malformed one is refused before anything happens. */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value))
    throw new ValidationFailedError([
      {
        field: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1 to 255 printable ASCII characters, sent once',
      },
    ]);
  return value;
}

/** What makes two requests "the same": method, path with query, and body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${url}\n${body === undefined ? '' : JSON.stringify(body)}`)
    .digest('hex');
}

export type IdempotentStart = { kind: 'run' } | { kind: 'replay'; response: ForwardResponse };

/**
 * Idempotency records (gateway database, per firm and caller): the first request with a key runs
 * and its answer is kept for KEY_TTL_HOURS; a retry with the same key and the same request gets
 * that answer again without running anything; the same key with another request is refused.
 * Answers of 5xx, or none at all, are not kept: the key is released so a retry runs again.
 */
@Injectable()
export class IdempotencyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async begin(
    actor: Actor,
    key: string,
    method: string,
    url: string,
    fingerprint: string,
  ): Promise<IdempotentStart> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const id = { firmId: actor.firmId, subject: actor.subject, key };
      await manager
        .createQueryBuilder()
        .delete()
        .from(IdempotencyRecord)
        .where({ ...id, expiresAt: Raw((column) => `${column} < now()`) })
        .execute();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(IdempotencyRecord)
        .values({
          ...id,
          fingerprint,
          method,
          path: url.split('?')[0] ?? url,
          state: 'in-progress',
          expiresAt: () => `now() + interval '${KEY_TTL_HOURS} hours'`,
        })
        .orIgnore()
        .returning(['key'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) return { kind: 'run' } as const;
      const { entities, raw } = await manager
        .getRepository(IdempotencyRecord)
        .createQueryBuilder('record')
        .addSelect(
          `record.state = 'in-progress' AND record.started_at < now() - make_interval(secs => :abandonedAfter)`,
          'abandoned',
        )
        .where({ ...id })
        .setParameter('abandonedAfter', ABANDONED_AFTER_SECONDS)
        .setLock('pessimistic_write')
        .getRawAndEntities<{ abandoned: boolean }>();
      const record = entities[0];
      if (!record) return { kind: 'run' } as const; // released between the two statements: run as new
      if (record.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (record.state === 'completed')
        return {
          kind: 'replay',
          response: {
            status: record.status ?? 200,
            contentType: record.contentType ?? undefined,
            body: record.body ?? Buffer.alloc(0),
          },
        } as const;
      if (!raw[0]?.abandoned) throw new IdempotencyInProgressError();
      await manager
        .createQueryBuilder()
        .update(IdempotencyRecord)
        .set({ startedAt: () => 'now()' })
        .where({ ...id })
        .execute();
      return { kind: 'run' } as const;
    });
  }

  /** Keeps the answer of a request that ran (anything but a 5xx). */
  async complete(actor: Actor, key: string, response: ForwardResponse): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager
        .createQueryBuilder()
        .update(IdempotencyRecord)
        .set({
          state: 'completed',
          status: response.status,
          contentType: response.contentType ?? null,
          body: response.body,
          completedAt: () => 'now()',
        })
        .where({ firmId: actor.firmId, subject: actor.subject, key })
        .execute(),
    );
  }

  /** Releases the key after a failure, so the client's retry runs the request again. */
  async release(actor: Actor, key: string): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(IdempotencyRecord)
        .where({ firmId: actor.firmId, subject: actor.subject, key, state: 'in-progress' })
        .execute(),
    );
  }

  /** Forgets this firm's expired keys (called now and then, not on every request). */
  async purgeExpired(firmId: string): Promise<void> {
    await withTenant(this.dataSource, firmId, (manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(IdempotencyRecord)
        .where({ firmId, expiresAt: Raw((column) => `${column} < now()`) })
        .execute(),
    );
  }
}
