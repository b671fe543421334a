import { randomUUID } from 'node:crypto';
import { RateLimiter } from './rate-limiter';

/** A clock the test moves by hand. */
class FakeClock {
  constructor(private nowMs = Date.UTC(2026, 10, 20, 9, 0, 0)) {}
  now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

function takeMany(limiter: RateLimiter, key: string, count: number): number[] {
  return Array.from({ length: count }, () => limiter.take(key));
}

describe('RateLimiter', () => {
  it('lets the first N requests of a minute pass when the limit is N', () => {
    const limiter = new RateLimiter(10, new FakeClock().now);

    expect(takeMany(limiter, randomUUID(), 10)).toEqual(Array(10).fill(0));
  });

  it('refuses request N+1 with a retry-after of at least 1 s when the bucket is empty', () => {
    const limiter = new RateLimiter(10, new FakeClock().now);
    const key = randomUUID();
    takeMany(limiter, key, 10);

    const retryAfter = limiter.take(key);

    // 10 a minute refill one token every 6 s.
    expect(retryAfter).toBe(6);
  });

  it('asks for at least one second when the next token is only milliseconds away', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(6_000, clock.now); // one token every 10 ms
    const key = randomUUID();
    takeMany(limiter, key, 6_000);

    expect(limiter.take(key)).toBe(1);
  });

  it('keeps refusing while the bucket has not refilled a whole token', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(10, clock.now);
    const key = randomUUID();
    takeMany(limiter, key, 10);

    clock.advance(3_000);

    expect(limiter.take(key)).toBe(3);
  });

  it('lets a request pass again when enough time has passed to refill a token', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(10, clock.now);
    const key = randomUUID();
    takeMany(limiter, key, 10);
    const retryAfter = limiter.take(key);

    clock.advance(retryAfter * 1000);

    expect(limiter.take(key)).toBe(0);
    expect(limiter.take(key)).toBeGreaterThanOrEqual(1);
  });

  it('refills a full burst after a quiet minute but never more than the limit', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(10, clock.now);
    const key = randomUUID();
    takeMany(limiter, key, 10);

    clock.advance(10 * 60_000);

    expect(takeMany(limiter, key, 10)).toEqual(Array(10).fill(0));
    expect(limiter.take(key)).toBeGreaterThanOrEqual(1);
  });

  it('keeps keys independent when one key has used up its bucket', () => {
    const limiter = new RateLimiter(3, new FakeClock().now);
    const busyToken = randomUUID();
    const quietToken = randomUUID();
    takeMany(limiter, busyToken, 3);

    expect(limiter.take(busyToken)).toBeGreaterThanOrEqual(1);
    expect(takeMany(limiter, quietToken, 3)).toEqual([0, 0, 0]);
    expect(limiter.take(quietToken)).toBeGreaterThanOrEqual(1);
  });
});
