import { InvalidEventError } from '@lawfirm/contracts';
import { DomainError } from '@lawfirm/errors';

/**
 * What a consumer does with a failed event:
 * - `transient`: the world is briefly wrong (database failing over, broker unreachable, a lock or
 *   serialization conflict). Waiting fixes it, so the event is retried for as long as it takes,
 *   its partition held, and it is never dead-lettered.
 * - `permanent`: the event itself is wrong (invalid payload, a rule of the handler refuses it).
 *   Retrying cannot help, so it goes to the dead-letter topic at once with the error.
 * - `unknown`: anything else (a bug, an error nobody classified). A few retries, then the DLQ.
 */
export type ConsumerErrorKind = 'transient' | 'permanent' | 'unknown';

/**
 * SQLSTATEs that clear by themselves: connection exceptions (class 08), operator intervention
 * (admin/crash shutdown, cannot connect now: a failover or restart), serialization failure,
 * deadlock, lock timeout, too many connections, out of memory or disk, and a lost connection
 * to the server's own I/O.
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57P01', // admin_shutdown (pg_terminate_backend, fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '57P05', // idle_session_timeout
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
  '58000', // system_error
  '58030', // io_error
  'XX000', // internal_error raised while the server is going away
]);

/** SQLSTATE classes that mean the statement or its data are wrong: retrying repeats the refusal. */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '42', '2B', '2D', '2F', '44']);

/** Errors of the socket or of node-postgres's pool, which carry no SQLSTATE. */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /database .* is not currently accepting connections/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /not permitted to log in/i,
];

/** Classifies an error a handler (or the inbox transaction around it) threw. */
export function classifyConsumerError(error: unknown): ConsumerErrorKind {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const kind = classifyOne(current);
    if (kind !== 'unknown') return kind;
    // TypeORM wraps the driver's error (QueryFailedError.driverError); Error.cause chains others.
    const next = (current as { driverError?: unknown }).driverError ?? (current as { cause?: unknown }).cause;
    if (next === current) break;
    current = next;
  }
  return 'unknown';
}

function classifyOne(error: unknown): ConsumerErrorKind {
  if (error instanceof InvalidEventError) return 'permanent';
  if (error instanceof DomainError) return error.kind === 'unavailable' ? 'transient' : 'permanent';
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { code, name, retriable, message } = error as {
    code?: unknown;
    name?: unknown;
    retriable?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08')) return 'transient';
    if (
      code === '55000' &&
      typeof message === 'string' &&
      /not currently accepting connections/.test(message)
    )
      return 'transient';
    if (code === '28000' && typeof message === 'string' && /not permitted to log in/.test(message))
      return 'transient';
    if (TRANSIENT_NODE_CODES.has(code)) return 'transient';
    if (/^[0-9A-Z]{5}$/.test(code) && PERMANENT_SQLSTATE_CLASSES.has(code.slice(0, 2))) return 'permanent';
  }
  // The broker (e.g. a handler that produces, or a lost coordinator): kafkajs marks what is retriable.
  if (typeof name === 'string' && name.startsWith('KafkaJS'))
    return retriable === false ? 'unknown' : 'transient';
  if (typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message)))
    return 'transient';
  return 'unknown';
}
