import { isIn, isInt, isIP, isISO8601, isObject, isString, isUUID, matches } from 'class-validator';
import { ACTOR_TYPES } from '../envelope';
import type { AuditRecordedV1 } from './audit.events';

/**
 * The audit chain consumer parses every request's record: through class-transformer and
 * class-validator's decorator machinery that was about a quarter of the admin gateway's CPU
 * (bench/README.md, issue 9). The same rules, checked by hand with class-validator's own
 * predicates (so a UUID, an ISO 8601 time or an IP means exactly what the decorators mean):
 * `EventEnvelope` and `AuditRecordedV1` as their classes declare them, and unknown payload fields
 * dropped as `whitelist: true` drops them. audit-fast-check.spec.ts holds both to the same answers.
 */

const CATEGORIES = ['request', 'change', 'ops-access'];
const EVENT_TYPE = /^[a-z]+(\.[a-z-]+)+$/;

type Problems = string[];

/** `@IsOptional()`: null and undefined skip the field's other rules. */
function absent(value: unknown): boolean {
  return value === undefined || value === null;
}

function text(problems: Problems, name: string, value: unknown, maxLength?: number): void {
  if (!isString(value)) problems.push(`${name} must be a string`);
  else if (maxLength !== undefined && value.length > maxLength)
    problems.push(`${name} must be shorter than or equal to ${maxLength} characters`);
}

function optionalText(problems: Problems, name: string, value: unknown, maxLength: number): void {
  if (!absent(value)) text(problems, name, value, maxLength);
}

function optionalInt(
  problems: Problems,
  name: string,
  value: unknown,
  lowest: number,
  highest?: number,
): void {
  if (absent(value)) return;
  if (!isInt(value)) problems.push(`${name} must be an integer number`);
  else if ((value as number) < lowest) problems.push(`${name} must not be less than ${lowest}`);
  else if (highest !== undefined && (value as number) > highest)
    problems.push(`${name} must not be greater than ${highest}`);
}

const PAYLOAD_FIELDS = [
  'category',
  'actorType',
  'actorId',
  'action',
  'method',
  'route',
  'resourceType',
  'resourceId',
  'status',
  'ip',
  'userAgent',
  'requestId',
  'clientRequestId',
  'durationMs',
  'reason',
  'details',
  'at',
] as const satisfies ReadonlyArray<keyof AuditRecordedV1>;

/** Problems with an `AuditRecordedV1` payload, as `validateSync` would report them (prefixed `data.`). */
export function auditPayloadProblems(data: Record<string, unknown>): Problems {
  const problems: Problems = [];
  if (!isIn(data.category, CATEGORIES))
    problems.push(`category must be one of the following values: ${CATEGORIES.join(', ')}`);
  if (!isIn(data.actorType, [...ACTOR_TYPES]))
    problems.push(`actorType must be one of the following values: ${ACTOR_TYPES.join(', ')}`);
  text(problems, 'actorId', data.actorId);
  text(problems, 'action', data.action, 200);
  optionalText(problems, 'method', data.method, 10);
  optionalText(problems, 'route', data.route, 500);
  optionalText(problems, 'resourceType', data.resourceType, 200);
  optionalText(problems, 'resourceId', data.resourceId, 200);
  optionalInt(problems, 'status', data.status, 100, 599);
  if (!absent(data.ip) && !isIP(data.ip)) problems.push('ip must be an ip address');
  optionalText(problems, 'userAgent', data.userAgent, 500);
  optionalText(problems, 'requestId', data.requestId, 200);
  optionalText(problems, 'clientRequestId', data.clientRequestId, 200);
  optionalInt(problems, 'durationMs', data.durationMs, 0);
  optionalText(problems, 'reason', data.reason, 1000);
  if (!absent(data.details) && !isObject(data.details)) problems.push('details must be an object');
  if (!isISO8601(data.at)) problems.push('at must be a valid ISO 8601 date string');
  return problems.map((problem) => `data.${problem}`);
}

/** Problems with the envelope of an event, as `EventEnvelope`'s decorators would report them. */
export function envelopeProblems(json: Record<string, unknown>): Problems {
  const problems: Problems = [];
  if (!isUUID(json.id)) problems.push('id must be a UUID');
  if (!isString(json.type) || !matches(json.type, EVENT_TYPE))
    problems.push(`type must match ${String(EVENT_TYPE)} regular expression`);
  if (!isInt(json.version)) problems.push('version must be an integer number');
  else if ((json.version as number) < 1) problems.push('version must not be less than 1');
  if (!isUUID(json.firmId)) problems.push('firmId must be a UUID');
  if (!isString(json.aggregateId)) problems.push('aggregateId must be a string');
  if (!isISO8601(json.occurredAt)) problems.push('occurredAt must be a valid ISO 8601 date string');
  if (!isObject(json.actor)) problems.push('actor must be an object');
  else {
    const actor = json.actor as Record<string, unknown>;
    if (!isIn(actor.type, [...ACTOR_TYPES]))
      problems.push(`actor.type must be one of the following values: ${ACTOR_TYPES.join(', ')}`);
    if (!isString(actor.id)) problems.push('actor.id must be a string');
  }
  if (!isString(json.correlationId)) problems.push('correlationId must be a string');
  if (!absent(json.causationId) && !isString(json.causationId)) problems.push('causationId must be a string');
  if (!isObject(json.data)) problems.push('data must be an object');
  return problems;
}

/** The payload's declared fields only (what `whitelist: true` leaves). */
export function auditPayloadOf(data: Record<string, unknown>): AuditRecordedV1 {
  const payload: Record<string, unknown> = {};
  for (const field of PAYLOAD_FIELDS) if (data[field] !== undefined) payload[field] = data[field];
  return payload as unknown as AuditRecordedV1;
}
