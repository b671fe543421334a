import { afterFailure, isDelivered, responseExcerpt, type RetryPolicy } from './webhook.rules';

const DAY = 24 * 3600_000;
const policy: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 6 * 3600_000, windowMs: 3 * DAY };
const start = new Date('2026-11-27T00:00:00Z');
const later = (ms: number): Date => new Date(start.getTime() + ms);

describe('afterFailure', () => {
  it('doubles the delay with each failure, within ±20 % jitter', () => {
    const delays = [1, 2, 3, 4].map((failures) => {
      const next = afterFailure(policy, start, failures, start, () => 0.5);
      if (next.kind !== 'retry') throw new Error('expected a retry');
      return next.at.getTime() - start.getTime();
    });
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000]);
    const low = afterFailure(policy, start, 1, start, () => 0);
    const high = afterFailure(policy, start, 1, start, () => 0.999_999);
    expect(low).toEqual({ kind: 'retry', at: later(24_000) });
    expect(high.kind === 'retry' && high.at.getTime() - start.getTime()).toBe(36_000);
  });

  it('caps the delay at the maximum', () => {
    const next = afterFailure(policy, start, 30, start, () => 0.5);
    expect(next).toEqual({ kind: 'retry', at: later(6 * 3600_000) });
  });

  it('keeps retrying until the window from the first attempt has passed, the last try at its end', () => {
    const nearEnd = later(3 * DAY - 60_000);
    expect(afterFailure(policy, start, 25, nearEnd, () => 0.5)).toEqual({
      kind: 'retry',
      at: later(3 * DAY),
    });
    expect(afterFailure(policy, start, 26, later(3 * DAY), () => 0.5)).toEqual({ kind: 'exhausted' });
  });

  it('retries for at least three days with the default policy before giving up', () => {
    let now = start;
    let failures = 0;
    for (;;) {
      failures += 1;
      const next = afterFailure(policy, start, failures, now, () => 0);
      if (next.kind === 'exhausted') break;
      now = next.at;
    }
    expect(now.getTime() - start.getTime()).toBe(3 * DAY);
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(40);
  });
});

describe('isDelivered', () => {
  it('counts 2xx as delivered and a redirect, client or server error as not', () => {
    expect([200, 201, 204, 299].map(isDelivered)).toEqual([true, true, true, true]);
    expect([199, 301, 302, 400, 410, 500, 503].map(isDelivered)).toEqual(Array(7).fill(false));
  });
});

describe('responseExcerpt', () => {
  it('keeps at most 1,024 characters and drops NUL bytes', () => {
    expect(responseExcerpt('a'.repeat(5000))).toHaveLength(1024);
    expect(responseExcerpt('ok\u0000!')).toBe('ok!');
  });
});
