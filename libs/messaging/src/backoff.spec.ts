import { backoffDelay } from './backoff';

const BASE_MS = 100;
const MAX_MS = 5_000;

describe('backoffDelay', () => {
  it('waits between half the ceiling and the whole ceiling when jitter is at its extremes', () => {
    // Attempt 3 has a ceiling of 100 * 2^2 = 400 ms.
    expect(backoffDelay(3, BASE_MS, MAX_MS, () => 0)).toBe(200);
    expect(backoffDelay(3, BASE_MS, MAX_MS, () => 0.5)).toBe(300);
    expect(backoffDelay(3, BASE_MS, MAX_MS, () => 0.999999)).toBe(400);
  });

  it('stays within [ceiling/2, ceiling] for every attempt when jitter is random', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** (attempt - 1));
      for (let sample = 0; sample < 200; sample += 1) {
        const delay = backoffDelay(attempt, BASE_MS, MAX_MS);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('doubles the delay with each attempt when the cap is not reached', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, BASE_MS, MAX_MS, () => 0.999999));

    expect(delays).toEqual([100, 200, 400, 800, 1600]);
  });

  it('never exceeds the cap when attempts keep growing', () => {
    for (const attempt of [7, 10, 30, 100, 1_000]) {
      expect(backoffDelay(attempt, BASE_MS, MAX_MS, () => 0.999999)).toBe(MAX_MS);
      expect(backoffDelay(attempt, BASE_MS, MAX_MS, () => 0)).toBe(MAX_MS / 2);
    }
  });

  it('treats attempt 0 or below like the first attempt', () => {
    expect(backoffDelay(0, BASE_MS, MAX_MS, () => 0.999999)).toBe(BASE_MS);
    expect(backoffDelay(-3, BASE_MS, MAX_MS, () => 0)).toBe(BASE_MS / 2);
  });
});
