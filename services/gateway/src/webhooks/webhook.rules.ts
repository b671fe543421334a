/** How long each delivery is retried, and how far apart: the gateway's config, in milliseconds. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

/** The most of a receiver's answer an attempt keeps. */
export const RESPONSE_EXCERPT_CHARS = 1024;

/** What happens to a delivery after a failed attempt. */
export type AfterFailure = { kind: 'retry'; at: Date } | { kind: 'exhausted' };

/**
 * Exponential back-off with jitter: base × 2^(failures − 1), capped, ±20 %. Retries go on until
 * the window (counted from the first attempt) has passed; the last one is placed at the window's end,
 * so a delivery is retried for the whole window and no longer.
 */
export function afterFailure(
  policy: RetryPolicy,
  firstAttemptAt: Date,
  failures: number,
  now: Date,
  random: () => number = Math.random,
): AfterFailure {
  const deadline = firstAttemptAt.getTime() + policy.windowMs;
  if (now.getTime() >= deadline) return { kind: 'exhausted' };
  const exponential = policy.baseDelayMs * 2 ** Math.min(Math.max(failures - 1, 0), 40);
  const delay = Math.min(exponential, policy.maxDelayMs) * (0.8 + 0.4 * random());
  return { kind: 'retry', at: new Date(Math.min(now.getTime() + Math.round(delay), deadline)) };
}

/** A 2xx is a delivery; a redirect is not followed and counts as a failure, like any other answer. */
export function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The start of a receiver's answer, at most `RESPONSE_EXCERPT_CHARS` characters, NUL bytes dropped (PostgreSQL text refuses them). */
export function responseExcerpt(text: string): string {
  return text.replace(/\0/g, '').slice(0, RESPONSE_EXCERPT_CHARS);
}
