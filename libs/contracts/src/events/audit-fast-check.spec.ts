import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '../envelope';
import { parseEvent } from '../registry';
import { AuditRecordedV1 } from './audit.events';

/** What the decorators say of an event: the reference the hand check must agree with. */
function acceptedByDecorators(event: Record<string, unknown>): boolean {
  const envelope = plainToInstance(EventEnvelope, event);
  if (validateSync(envelope, { forbidUnknownValues: true }).length) return false;
  const payload = plainToInstance(AuditRecordedV1, event.data);
  return validateSync(payload, { whitelist: true, forbidNonWhitelisted: false }).length === 0;
}

function acceptedByParseEvent(event: Record<string, unknown>): boolean {
  try {
    parseEvent(JSON.stringify(event));
    return true;
  } catch {
    return false;
  }
}

function validEvent(): Record<string, unknown> {
  return {
    id: randomUUID(),
    type: 'audit.recorded',
    version: 1,
    firmId: randomUUID(),
    aggregateId: randomUUID(),
    occurredAt: new Date().toISOString(),
    actor: { type: 'user', id: randomUUID() },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: {
      category: 'request',
      actorType: 'user',
      actorId: randomUUID(),
      action: 'GET /v1/clients/:id',
      method: 'GET',
      route: '/v1/clients/:id',
      resourceType: 'client',
      resourceId: randomUUID(),
      status: 200,
      ip: '203.0.113.7',
      userAgent: 'curl/8',
      requestId: randomUUID(),
      clientRequestId: 'abc',
      durationMs: 3,
      reason: 'ticket 1',
      details: { a: 1 },
      at: new Date().toISOString(),
    },
  };
}

/** Values that break (or just test the edge of) some rule. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'x'.repeat(10),
  'x'.repeat(11),
  'x'.repeat(200),
  'x'.repeat(201),
  'x'.repeat(500),
  'x'.repeat(501),
  'x'.repeat(1001),
  0,
  1,
  -1,
  99,
  100,
  599,
  600,
  1.5,
  Number.MAX_SAFE_INTEGER,
  true,
  [],
  ['a'],
  {},
  { nested: true },
  'request',
  'ops-access',
  'anonymous',
  'not-an-ip',
  '::1',
  '2026-11-27T10:00:00Z',
  '2026-13-40',
  '01a21ee9-252b-7811-8381-37c785ed08b7',
  'audit.recorded',
  'Audit.Recorded',
];

describe('the hand check of audit events', () => {
  it('accepts and refuses exactly what the decorators do, field by field', () => {
    const disagreements: string[] = [];
    let cases = 0;
    const check = (label: string, event: Record<string, unknown>) => {
      cases += 1;
      const reference = acceptedByDecorators(event);
      if (acceptedByParseEvent(event) !== reference)
        disagreements.push(`${label}: decorators say ${reference}`);
    };
    check('valid', validEvent());
    const base = validEvent();
    for (const field of Object.keys(base).filter((key) => key !== 'type' && key !== 'data'))
      for (const value of ODD_VALUES)
        check(`${field}=${JSON.stringify(value)}`, { ...validEvent(), [field]: value });
    for (const field of Object.keys(base.data as object))
      for (const value of ODD_VALUES) {
        const event = validEvent();
        check(`data.${field}=${JSON.stringify(value)?.slice(0, 40)}`, {
          ...event,
          data: { ...(event.data as object), [field]: value },
        });
      }
    for (const value of ODD_VALUES) {
      check(`actor.type=${JSON.stringify(value)?.slice(0, 40)}`, {
        ...validEvent(),
        actor: { type: value, id: 'x' },
      });
      check(`actor.id=${JSON.stringify(value)?.slice(0, 40)}`, {
        ...validEvent(),
        actor: { type: 'user', id: value },
      });
      check(`data=${JSON.stringify(value)?.slice(0, 40)}`, { ...validEvent(), data: value });
    }
    expect(disagreements).toEqual([]);
    expect(cases).toBeGreaterThan(900);
  });

  it('drops payload fields the record does not declare, keeps the envelope, and names what is wrong', () => {
    const event = validEvent();
    (event.data as Record<string, unknown>).smuggled = 'x';
    const parsed = parseEvent(JSON.stringify(event));
    expect(parsed.data).not.toHaveProperty('smuggled');
    expect(parsed).toMatchObject({ id: event.id, firmId: event.firmId, actor: event.actor });
    expect(() =>
      parseEvent(
        JSON.stringify({
          ...event,
          data: { ...(event.data as object), ip: 'not-an-ip', action: 'a'.repeat(201) },
        }),
      ),
    ).toThrow(/data\.action must be shorter than or equal to 200 characters; data\.ip must be an ip address/);
  });
});
