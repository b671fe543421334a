import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { createDataSource, withTenant } from '@lawfirm/database';
import { testDatabase } from '@lawfirm/testing';
import { ENTITIES } from '../database';
import { IdempotencyInProgressError, IdempotencyKeyReusedError, IdempotencyStore } from './idempotency';

function newActor(): Actor {
  const requestId = randomUUID();
  return {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['attorney'],
    scopes: [],
    requestId,
    correlationId: requestId,
  };
}

const created = { status: 201, contentType: 'application/json', body: Buffer.from('{"id":"c-1"}') };

describe('IdempotencyStore', () => {
  let app: DataSource;
  let owner: DataSource;
  let store: IdempotencyStore;

  beforeAll(async () => {
    app = createDataSource({
      url: testDatabase('gateway').app,
      entities: ENTITIES,
      applicationName: 'idempotency-spec',
      poolSize: 2,
    });
    owner = createDataSource({
      url: testDatabase('gateway').owner,
      entities: ENTITIES,
      applicationName: 'idempotency-spec-owner',
      poolSize: 1,
    });
    await Promise.all([app.initialize(), owner.initialize()]);
    store = new IdempotencyStore(app);
  });

  afterAll(async () => {
    await Promise.all([app.destroy(), owner.destroy()]);
  });

  /** Moves a key's clock back, as if it had been stored that long ago. */
  async function age(
    actor: Actor,
    key: string,
    column: 'started_at' | 'expires_at',
    by: string,
  ): Promise<void> {
    await withTenant(owner, actor.firmId, (manager) =>
      manager.query(
        `UPDATE idempotency_records SET ${column} = ${column} - $3::interval WHERE subject = $1 AND key = $2`,
        [actor.subject, key, by],
      ),
    );
  }

  it('runs the first request with a key and replays its answer to a retry of the same request', async () => {
    const actor = newActor();
    const key = randomUUID();

    await expect(store.begin(actor, key, 'POST', '/v1/clients?x=1', 'f1')).resolves.toEqual({ kind: 'run' });
    await store.complete(actor, key, created);

    await expect(store.begin(actor, key, 'POST', '/v1/clients?x=1', 'f1')).resolves.toEqual({
      kind: 'replay',
      response: created,
    });
  });

  it('refuses the same key with another request', async () => {
    const actor = newActor();
    const key = randomUUID();
    await store.begin(actor, key, 'POST', '/v1/clients', 'f1');
    await store.complete(actor, key, created);

    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f2')).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
  });

  it('answers in-progress while the first request runs, and runs again once it looks abandoned', async () => {
    const actor = newActor();
    const key = randomUUID();
    await store.begin(actor, key, 'POST', '/v1/clients', 'f1');

    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f1')).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
    await age(actor, key, 'started_at', '10 minutes');
    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f1')).resolves.toEqual({ kind: 'run' });
    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f1')).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
  });

  it('keeps a key in doubt after a failure: the same request is forwarded again, another is refused', async () => {
    const actor = newActor();
    const key = randomUUID();
    await store.begin(actor, key, 'POST', '/v1/clients', 'f1');

    await store.markInDoubt(actor, key);

    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f2')).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f1')).resolves.toEqual({ kind: 'run' });
    // Forwarded once: a second retry while that one runs waits for it.
    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f1')).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
    await store.complete(actor, key, created);
    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f1')).resolves.toEqual({
      kind: 'replay',
      response: created,
    });
  });

  it('keeps keys apart per caller: another caller of the same firm may use the same key', async () => {
    const actor = newActor();
    const colleague = { ...newActor(), firmId: actor.firmId };
    const key = randomUUID();
    await store.begin(actor, key, 'POST', '/v1/clients', 'f1');
    await store.complete(actor, key, created);

    await expect(store.begin(colleague, key, 'POST', '/v1/clients', 'f2')).resolves.toEqual({ kind: 'run' });
  });

  it('forgets an expired key: the next request with it runs as new, and a purge removes expired ones', async () => {
    const actor = newActor();
    const key = randomUUID();
    const other = randomUUID();
    await store.begin(actor, key, 'POST', '/v1/clients', 'f1');
    await store.complete(actor, key, created);
    await store.begin(actor, other, 'POST', '/v1/clients', 'f1');
    await age(actor, key, 'expires_at', '25 hours');
    await age(actor, other, 'expires_at', '25 hours');

    await expect(store.begin(actor, key, 'POST', '/v1/clients', 'f2')).resolves.toEqual({ kind: 'run' });
    await store.purgeExpired(actor.firmId);

    const left = (await withTenant(owner, actor.firmId, (manager) =>
      manager.query(`SELECT key FROM idempotency_records WHERE subject = $1`, [actor.subject]),
    )) as Array<{ key: string }>;
    expect(left.map((row) => row.key)).toEqual([key]);
  });
});
