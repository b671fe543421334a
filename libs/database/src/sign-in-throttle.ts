import { createHash } from 'node:crypto';
import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { grantSql } from './rls';

/**
 * How many wrong sign-ins a key (one account, or one source address) may have before it is locked,
 * and for how long: `baseLockSeconds` at the limit, doubling with every failure past it, at most
 * `maxLockSeconds`. A key forgotten after `windowSeconds` without a failure or a lock.
 */
export interface SignInThrottlePolicy {
  maxFailures: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  windowSeconds: number;
}

export type SignInThrottleKind = 'account' | 'source';

/** How long a key with `failures` failures is locked for (0 below the limit). */
export function lockSecondsFor(policy: SignInThrottlePolicy, failures: number): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(30, failures - policy.maxFailures);
  return Math.min(policy.maxLockSeconds, policy.baseLockSeconds * 2 ** doublings);
}

/** The state of one key, as stored. */
export interface SignInThrottleState {
  failures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

/** Forgets a key that has been quiet (no failure, no lock) for the policy's window. */
export function currentState(
  policy: SignInThrottlePolicy,
  state: SignInThrottleState,
  now: Date,
): SignInThrottleState {
  const lastActivity = Math.max(state.lastFailureAt?.getTime() ?? 0, state.lockedUntil?.getTime() ?? 0);
  if (now.getTime() - lastActivity > policy.windowSeconds * 1000)
    return { failures: 0, lockedUntil: null, lastFailureAt: null };
  return state;
}

/**
 * One account or source address and its recent wrong sign-ins, shared by every instance of a
 * gateway. Holds no firm's data (the key is a hash, and the firm is not known before sign-in), so
 * it has no firm_id and no row-level security.
 */
@Entity({ name: 'sign_in_throttles' })
export class SignInThrottleRow {
  /** SHA-256 of kind and value (the e-mail address, client id or IP): never the value itself. */
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  kind!: SignInThrottleKind;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;
}

/** DDL for a gateway's sign_in_throttles table; called from one migration per gateway. */
export function signInThrottleTableSql(appRole: string): string[] {
  return [
    `CREATE TABLE sign_in_throttles (
       key text NOT NULL,
       kind text NOT NULL,
       failures integer NOT NULL DEFAULT 0,
       locked_until timestamptz,
       last_failure_at timestamptz,
       CONSTRAINT "PK_sign_in_throttles" PRIMARY KEY (key)
     )`,
    grantSql('sign_in_throttles', appRole),
  ];
}

/** A key this attempt counted against, with what the caller may be told of it. */
export interface SignInThrottleCount {
  kind: SignInThrottleKind;
  key: string;
  failures: number;
  limit: number;
  /** Seconds until the key is forgotten, or its lock ends. */
  resetSeconds: number;
  /** Set when this attempt's failure locks the key: for how long (the caller audits it on failure). */
  locksForSeconds: number;
}

export type SignInAttempt =
  | { allowed: true; counts: SignInThrottleCount[] }
  | { allowed: false; retryAfterSeconds: number; counts: SignInThrottleCount[] };

export interface SignInThrottleKeys {
  /** The login as typed (e-mail address or client id); compared trimmed and lower-cased. */
  account: string;
  /** The caller's address. */
  source: string;
}

/**
 * Per-account and per-source throttling of sign-ins, in PostgreSQL so that every gateway instance
 * counts against the same numbers. An attempt is counted as a failure *before* its password is
 * checked (and refunded when it turns out right), so twenty concurrent guesses against an account
 * with five left get five checks, not twenty. A key whose count reaches the limit is locked at
 * once for `lockSecondsFor(failures)`; a right password cancels the account's lock and count.
 */
export class SignInThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: Record<SignInThrottleKind, SignInThrottlePolicy>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async attempt(keys: SignInThrottleKeys): Promise<SignInAttempt> {
    // Every transaction here takes its row locks (inserts included) in key order, so two of them
    // never wait on each other crosswise (a deadlock, which PostgreSQL answers by failing one).
    const wanted = [...throttleKeys(keys)].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SignInThrottleRow);
      await repository
        .createQueryBuilder()
        .insert()
        .values(wanted.map(({ key, kind }) => ({ key, kind, failures: 0 })))
        .orIgnore()
        .execute();
      // Row locks in key order: concurrent attempts on the same account or source count one by one.
      const rows = await repository
        .createQueryBuilder('throttle')
        .where('throttle.key IN (:...keys)', { keys: wanted.map(({ key }) => key) })
        .orderBy('throttle.key')
        .setLock('pessimistic_write')
        .getMany();
      const now = this.now();
      const states = rows.map((row) => ({
        row,
        policy: this.policies[row.kind],
        state: currentState(this.policies[row.kind], row, now),
      }));
      const lockedFor = Math.max(
        0,
        ...states.map(({ state }) =>
          state.lockedUntil ? Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) : 0,
        ),
      );
      if (lockedFor > 0) {
        return {
          allowed: false,
          retryAfterSeconds: lockedFor,
          counts: states.map(({ row, policy, state }) => countOf(row, policy, state, now, 0)),
        };
      }
      const counts: SignInThrottleCount[] = [];
      for (const { row, policy, state } of states) {
        const failures = state.failures + 1;
        const locksForSeconds = lockSecondsFor(policy, failures);
        const next: SignInThrottleState = {
          failures,
          lastFailureAt: now,
          lockedUntil: locksForSeconds > 0 ? new Date(now.getTime() + locksForSeconds * 1000) : null,
        };
        await repository.update({ key: row.key }, next);
        counts.push(countOf(row, policy, next, now, locksForSeconds));
      }
      return { allowed: true, counts };
    });
  }

  /** The password was right: the account's count and lock go, the source gets its attempt back. */
  async succeeded(keys: SignInThrottleKeys): Promise<void> {
    const [account, source] = throttleKeys(keys);
    await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SignInThrottleRow);
      // Lock both rows in key order first, as attempt() does: deleting the account row before
      // locking the source row let a concurrent attempt holding the source row deadlock with us.
      await repository
        .createQueryBuilder('throttle')
        .where('throttle.key IN (:...keys)', { keys: [account.key, source.key] })
        .orderBy('throttle.key')
        .setLock('pessimistic_write')
        .getMany();
      await repository.delete({ key: account.key });
      await refund(manager, source.key);
    });
  }
}

/**
 * Takes back one counted failure. A lock on the key can only have been set when this attempt (or
 * one running beside it) was counted, since a locked key lets no attempt through: it goes too.
 */
async function refund(manager: EntityManager, key: string): Promise<void> {
  const repository = manager.getRepository(SignInThrottleRow);
  const row = await repository.findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
  if (!row || row.failures === 0) return;
  await repository.update({ key }, { failures: row.failures - 1, lockedUntil: null });
}

function countOf(
  row: SignInThrottleRow,
  policy: SignInThrottlePolicy,
  state: SignInThrottleState,
  now: Date,
  locksForSeconds: number,
): SignInThrottleCount {
  const until = Math.max(
    state.lockedUntil?.getTime() ?? 0,
    (state.lastFailureAt?.getTime() ?? now.getTime()) + policy.windowSeconds * 1000,
  );
  return {
    kind: row.kind,
    key: row.key,
    failures: state.failures,
    limit: policy.maxFailures,
    resetSeconds: Math.max(0, Math.ceil((until - now.getTime()) / 1000)),
    locksForSeconds,
  };
}

type ThrottleKey = { kind: SignInThrottleKind; key: string };

function throttleKeys(keys: SignInThrottleKeys): [account: ThrottleKey, source: ThrottleKey] {
  return [
    { kind: 'account', key: hashKey('account', keys.account.trim().toLowerCase()) },
    { kind: 'source', key: hashKey('source', keys.source) },
  ];
}

function hashKey(kind: SignInThrottleKind, value: string): string {
  return createHash('sha256').update(`${kind}\n${value}`).digest('hex');
}
