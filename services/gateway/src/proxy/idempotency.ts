import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Raw, type DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { IdempotencyInProgressError, IdempotencyKeyReusedError } from '@lawfirm/platform';
import type { ForwardResponse } from './forwarder.service';
import { IdempotencyRecord } from './idempotency-record.entity';

export { IDEMPOTENCY_HEADER, requestFingerprint } from '@lawfirm/database';
export {
  IDEMPOTENT_METHODS,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  idempotencyKeyOf,
  REPLAYED_HEADER,
} from '@lawfirm/platform';
/** How long a key is remembered after its first use. */
export const KEY_TTL_HOURS = 24;
/**
 * A key whose first request has been in flight this long is taken to be abandoned (the gateway
 * stopped mid-request; the forwarder itself gives up after UPSTREAM_TIMEOUT_MS) and the next
 * request with it is forwarded (the service knows whether it committed; see below).
 */
export const ABANDONED_AFTER_SECONDS = 120;

export type IdempotentStart = { kind: 'run' } | { kind: 'replay'; response: ForwardResponse };

/**
 * Idempotency records (gateway database, per firm and caller): the first request with a key runs
 * and its answer is kept for KEY_TTL_HOURS; a retry with the same key and the same request gets
 * that answer again without running anything; the same key with another request is refused.
 * The key travels on to the service, which claims it in the transaction of the change it guards.
 * A 5xx, or no answer at all (the upstream timed out while it may still commit), leaves the key
 * "in doubt": a retry of the same request is forwarded again with the key, and the service
 * answers the outcome it committed (or runs the request if it never did).
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
      if (record.state === 'in-progress' && !raw[0]?.abandoned) throw new IdempotencyInProgressError();
      // In doubt (or abandoned): ask the service again, with the key; it knows what it committed.
      await manager
        .createQueryBuilder()
        .update(IdempotencyRecord)
        .set({ state: 'in-progress', startedAt: () => 'now()' })
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

  /**
   * After a 5xx or no answer: the service may have committed (a timeout) or not. The key is kept,
   * "in doubt", so a retry of the same request is forwarded to the service, which decides.
   */
  async markInDoubt(actor: Actor, key: string): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, (manager) =>
      manager
        .createQueryBuilder()
        .update(IdempotencyRecord)
        .set({ state: 'in-doubt' })
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
