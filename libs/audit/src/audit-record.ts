import { isIP } from 'class-validator';
import type { AuditRecordedV1 } from '@lawfirm/contracts';

/** Ends a shortened field, so a reader sees the value was cut (it is never dropped). */
export const TRUNCATION_MARKER = '…[truncated]';

/** The longest each field may be, as `AuditRecordedV1` validates it. */
const MAX_LENGTH = {
  action: 200,
  method: 10,
  route: 500,
  resourceType: 200,
  resourceId: 200,
  userAgent: 500,
  requestId: 200,
  clientRequestId: 200,
  reason: 1000,
} as const satisfies Partial<Record<keyof AuditRecordedV1, number>>;

/** What producers know about an event before it is made a record: any string, any length. */
export type AuditRecordInput = Omit<AuditRecordedV1, 'ip'> & { ip?: string | undefined };

/**
 * Text PostgreSQL and the chain consumer accept: no NUL (PostgreSQL refuses 0x00) and no lone
 * UTF-16 surrogate (JSON with one is refused by jsonb), each replaced by U+FFFD.
 */
function safeText(value: string): string {
  return value
    .replaceAll('\u0000', '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** `value` cut to `max` characters with the marker at its end, never splitting a surrogate pair. */
export function truncateText(value: string, max: number): string {
  const text = safeText(value);
  if (text.length <= max) return text;
  // A short field (an HTTP method) gets a one-character marker.
  const marker = max > 2 * TRUNCATION_MARKER.length ? TRUNCATION_MARKER : '…';
  let cut = max - marker.length;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + marker;
}

/**
 * An audit record valid by construction: the chain consumer validates `AuditRecordedV1` and
 * parks what fails, so every producer passes its record through here. Long text is truncated
 * with a marker, an address that is not an IP is kept in `details.forwardedFor` (truncated)
 * instead of `ip`, and numbers out of range are left out.
 */
export function normaliseAuditRecord(input: AuditRecordInput): AuditRecordedV1 {
  const record: AuditRecordedV1 = { ...input, ip: undefined };
  for (const [field, max] of Object.entries(MAX_LENGTH) as [keyof typeof MAX_LENGTH, number][]) {
    const value = input[field];
    if (typeof value === 'string') record[field] = truncateText(value, max);
    else if (value === undefined) delete record[field];
  }
  if (input.ip !== undefined && input.ip !== '') {
    if (isIP(input.ip)) record.ip = input.ip;
    else record.details = { ...input.details, forwardedFor: truncateText(input.ip, 200) };
  }
  if (record.ip === undefined) delete record.ip;
  if (
    record.status !== undefined &&
    !(Number.isInteger(record.status) && record.status >= 100 && record.status <= 599)
  )
    delete record.status;
  if (record.durationMs !== undefined)
    record.durationMs = Number.isFinite(record.durationMs) ? Math.max(0, Math.round(record.durationMs)) : 0;
  return record;
}
