import { randomUUID } from 'node:crypto';

/**
 * Request ids are ours. A caller may send `X-Request-Id`, but a value the caller chose must never
 * pass for the id we gave its request (in logs, problem bodies and audit records it would let a
 * caller collide with, or impersonate, another request). Every request gets a fresh id; the
 * caller's value is kept beside it as the client request id, and the audit record stores it as
 * `clientRequestId` (normaliseAuditRecord truncates it like any other text).
 */
export function mintRequestId(): string {
  return randomUUID();
}

const CLIENT_REQUEST_ID = Symbol('clientRequestId');

/** Longer than any header a well-behaved client sends; the audit record keeps at most 200 characters. */
const MAX_KEPT_LENGTH = 1000;

interface WithClientRequestId {
  [CLIENT_REQUEST_ID]?: string;
}

/** Keeps the caller's `X-Request-Id` (the first, if repeated), cut to a bounded length. */
export function rememberClientRequestId(request: object, header: string | string[] | undefined): void {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value === 'string' && value !== '')
    (request as WithClientRequestId)[CLIENT_REQUEST_ID] = value.slice(0, MAX_KEPT_LENGTH);
}

/** The `X-Request-Id` the caller sent with this request, if any: never our request id. */
export function clientRequestIdOf(request: object): string | undefined {
  return (request as WithClientRequestId)[CLIENT_REQUEST_ID];
}
