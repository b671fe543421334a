import type { DataSource } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import { PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import {
  SignInThrottle,
  withTenant,
  type SignInThrottleCount,
  type SignInThrottleKeys,
  type SignInThrottleKind,
  type SignInThrottlePolicy,
} from '@lawfirm/database';
import { DomainError } from '@lawfirm/errors';

/** Too many wrong sign-ins for this account or from this address: 429 with Retry-After. */
export class SignInThrottledError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'rate-limited',
      'sign_in_throttled',
      `Too many failed sign-ins; retry after ${retryAfterSeconds} s.`,
      [],
      { retryAfterSeconds },
    );
  }
}

/** What the `RateLimit-*` headers of a token answer say: the most constrained of the account's and the source's counts. */
export interface SignInRateLimit {
  limit: number;
  remaining: number;
  resetSeconds: number;
  windowSeconds: number;
}

export interface SignInAttemptContext extends SignInThrottleKeys {
  /** `password`, `client_credentials`, `ops-password`: goes into the lock's audit record. */
  grant: string;
  requestId: string;
}

/**
 * The token endpoints' defence against guessing: every attempt passes `SignInThrottle` (counters in
 * PostgreSQL, shared by every instance) before its secret is checked. A lock an attempt's failure
 * causes is audited in the platform's trail (the firm is not known before sign-in, and telling one
 * would say the account exists). Known and unknown logins are counted and locked alike.
 */
export class SignInGate {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly dataSource: DataSource,
    private readonly policies: Record<SignInThrottleKind, SignInThrottlePolicy>,
  ) {
    this.throttle = new SignInThrottle(dataSource, policies);
  }

  async signIn<T>(
    context: SignInAttemptContext,
    report: (rateLimit: SignInRateLimit) => void,
    authenticate: () => Promise<T>,
  ): Promise<T> {
    const attempt = await this.throttle.attempt(context);
    report(this.rateLimitOf(attempt.counts, attempt.allowed ? undefined : attempt.retryAfterSeconds));
    if (!attempt.allowed) throw new SignInThrottledError(attempt.retryAfterSeconds);
    let result: T;
    try {
      result = await authenticate();
    } catch (error) {
      const locks = attempt.counts.filter((count) => count.locksForSeconds > 0);
      if (locks.length > 0) await this.auditLocks(context, locks);
      throw error;
    }
    await this.throttle.succeeded(context);
    report(
      this.rateLimitOf(
        attempt.counts.map((count) =>
          count.kind === 'account' ? { ...count, failures: 0 } : { ...count, failures: count.failures - 1 },
        ),
      ),
    );
    return result;
  }

  private rateLimitOf(counts: SignInThrottleCount[], retryAfterSeconds?: number): SignInRateLimit {
    const tightest = [...counts].sort(
      (a, b) => a.limit - a.failures - (b.limit - b.failures) || b.resetSeconds - a.resetSeconds,
    )[0];
    const windowSeconds = this.policies[tightest?.kind ?? 'account'].windowSeconds;
    if (!tightest) return { limit: 0, remaining: 0, resetSeconds: 0, windowSeconds };
    return {
      limit: tightest.limit,
      remaining: retryAfterSeconds === undefined ? Math.max(0, tightest.limit - tightest.failures) : 0,
      resetSeconds: retryAfterSeconds ?? tightest.resetSeconds,
      windowSeconds,
    };
  }

  private async auditLocks(context: SignInAttemptContext, locks: SignInThrottleCount[]): Promise<void> {
    await withTenant(this.dataSource, PLATFORM_FIRM_ID, async (manager) => {
      for (const lock of locks) {
        await recordChange(
          manager,
          {
            firmId: PLATFORM_FIRM_ID,
            actorType: 'anonymous',
            subject: `sign-in:${lock.kind}`,
            correlationId: context.requestId,
            requestId: context.requestId,
          },
          {
            action: 'sign-in.locked',
            resourceType: `sign-in-${lock.kind}`,
            resourceId: lock.key,
            details: {
              grant: context.grant,
              failures: lock.failures,
              lockedForSeconds: lock.locksForSeconds,
              ...(lock.kind === 'source' ? { source: context.source } : {}),
            },
          },
        );
      }
    });
  }
}

/** Sets the `RateLimit-*` headers (IETF httpapi draft, fields as separate headers) on a reply. */
export function setRateLimitHeaders(
  reply: { header(name: string, value: string): unknown },
  rateLimit: SignInRateLimit,
): void {
  reply.header('ratelimit-limit', String(rateLimit.limit));
  reply.header('ratelimit-remaining', String(rateLimit.remaining));
  reply.header('ratelimit-reset', String(rateLimit.resetSeconds));
  reply.header('ratelimit-policy', `${rateLimit.limit};w=${rateLimit.windowSeconds}`);
}
