/**
 * How much the audit chain consumer pays to parse and validate one audit event: the decorator path
 * parseEvent used for every event (class-transformer + class-validator, kept here as the baseline)
 * against the hand check it now uses for audit.recorded (libs/contracts audit-fast-check.ts), in
 * the same run. `npm run bench:audit-parse` (AUDIT_PARSE_EVENTS, default 50,000 per round).
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { AuditRecordedV1, createEnvelope, EventEnvelope, parseEvent } from '@lawfirm/contracts';

function decoratorParse(raw: string): unknown {
  const json = JSON.parse(raw) as { data: unknown };
  const envelope = plainToInstance(EventEnvelope, json);
  if (validateSync(envelope, { forbidUnknownValues: true }).length) throw new Error('invalid envelope');
  const payload = plainToInstance(AuditRecordedV1, json.data);
  if (validateSync(payload, { whitelist: true, forbidNonWhitelisted: false }).length)
    throw new Error('invalid payload');
  envelope.data = payload;
  return envelope;
}

/** A request record as the gateway writes one. */
function requestEvent(): string {
  const firmId = randomUUID();
  return JSON.stringify(
    createEnvelope({
      type: AuditRecordedV1.type,
      firmId,
      aggregateId: firmId,
      actor: { type: 'user', id: randomUUID() },
      correlationId: randomUUID(),
      data: {
        category: 'request',
        actorType: 'user',
        actorId: randomUUID(),
        action: 'GET /v1/clients/:id',
        method: 'GET',
        route: '/v1/clients/:id',
        resourceId: randomUUID(),
        status: 200,
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
        requestId: randomUUID(),
        durationMs: 4,
        at: new Date().toISOString(),
      } satisfies AuditRecordedV1,
    }),
  );
}

function microsPerEvent(parse: (raw: string) => unknown, events: string[]): number {
  const started = process.hrtime.bigint();
  for (const raw of events) parse(raw);
  return Number(process.hrtime.bigint() - started) / 1000 / events.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const count = Number(process.env.AUDIT_PARSE_EVENTS ?? 50_000);
const events = Array.from({ length: count }, requestEvent);
// Warm both paths up (JIT), then alternate rounds so machine load falls on both alike.
microsPerEvent(decoratorParse, events.slice(0, 5000));
microsPerEvent(parseEvent, events.slice(0, 5000));
const baseline: number[] = [];
const handChecked: number[] = [];
for (let round = 0; round < 5; round += 1) {
  baseline.push(microsPerEvent(decoratorParse, events));
  handChecked.push(microsPerEvent(parseEvent, events));
}
const before = median(baseline);
const after = median(handChecked);
console.log(`audit event parse + validate, ${count} events x 5 rounds (median round)`);
console.log(`  decorators (before): ${before.toFixed(2)} µs/event`);
console.log(`  hand check (after):  ${after.toFixed(2)} µs/event`);
console.log(
  `  ratio after/before:  ${(after / before).toFixed(3)}x (${(before / after).toFixed(1)}x faster)`,
);
