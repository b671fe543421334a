import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * W3C trace context for the work in progress (an HTTP request, or a consumed event), so the
 * events it writes to the outbox carry the trace on to the next service without every call
 * site passing it along.
 */
interface TraceStore {
  traceparent: string;
}

const storage = new AsyncLocalStorage<TraceStore>();

/** `00-<trace id>-<parent id>-<flags>`, lower-case hex, neither id all zeros (W3C Trace Context level 1). */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isTraceparent(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = TRACEPARENT.exec(value);
  return !!match && !/^0+$/.test(match[1] ?? '') && !/^0+$/.test(match[2] ?? '');
}

/**
 * This hop's traceparent: the same trace as `incoming` under a new span id, or a new sampled
 * trace when `incoming` is missing or not a valid traceparent.
 */
export function childTraceparent(incoming: unknown): string {
  const span = randomBytes(8).toString('hex');
  if (isTraceparent(incoming)) {
    const [, traceId, , flags] = TRACEPARENT.exec(incoming) as RegExpExecArray;
    return `00-${traceId}-${span}-${flags}`;
  }
  return `00-${randomBytes(16).toString('hex')}-${span}-01`;
}

/** Runs `fn` (and everything it awaits) under `traceparent`. */
export function runWithTrace<T>(traceparent: string, fn: () => T): T {
  return storage.run({ traceparent }, fn);
}

/** The traceparent of the work in progress, if it runs under one. */
export function currentTraceparent(): string | undefined {
  return storage.getStore()?.traceparent;
}

/** The trace id part of a traceparent (for logs). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}
