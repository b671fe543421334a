import { currentState, lockSecondsFor, type SignInThrottlePolicy } from './sign-in-throttle';

const policy: SignInThrottlePolicy = {
  maxFailures: 5,
  baseLockSeconds: 30,
  maxLockSeconds: 900,
  windowSeconds: 900,
};

describe('lockSecondsFor', () => {
  it('does not lock below the limit', () => {
    expect([0, 1, 4].map((failures) => lockSecondsFor(policy, failures))).toEqual([0, 0, 0]);
  });

  it('locks for the base time at the limit and doubles with each failure past it, up to the cap', () => {
    expect([5, 6, 7, 8, 9, 10, 50].map((failures) => lockSecondsFor(policy, failures))).toEqual([
      30, 60, 120, 240, 480, 900, 900,
    ]);
  });
});

describe('currentState', () => {
  const now = new Date('2026-11-28T00:00:00Z');
  const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

  it('keeps failures within the window', () => {
    const state = { failures: 3, lockedUntil: null, lastFailureAt: ago(899) };
    expect(currentState(policy, state, now)).toBe(state);
  });

  it('forgets a key quiet for longer than the window', () => {
    expect(currentState(policy, { failures: 3, lockedUntil: null, lastFailureAt: ago(901) }, now)).toEqual({
      failures: 0,
      lockedUntil: null,
      lastFailureAt: null,
    });
  });

  it('counts the window from the end of a lock, so an expired lock still escalates the next failure', () => {
    const state = { failures: 6, lockedUntil: ago(60), lastFailureAt: ago(1000) };
    expect(currentState(policy, state, now)).toBe(state);
  });
});
