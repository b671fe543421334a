import { randomUUID } from 'node:crypto';
import { createEnvelope, type EventEnvelope } from './envelope';
import { ClientCreatedV1, MatterOpenedV1 } from './events/intake.events';
import { TimeEntryApprovedV1 } from './events/timekeeping.events';
import { InvalidEventError, parseEvent, topicOfEvent } from './registry';
import { TOPICS, topicManifest } from './topics';

function clientCreatedEvent(data: Record<string, unknown> = {}): EventEnvelope<Record<string, unknown>> {
  const clientId = randomUUID();
  return createEnvelope({
    type: ClientCreatedV1.type,
    firmId: randomUUID(),
    aggregateId: clientId,
    actor: { type: 'user', id: randomUUID() },
    correlationId: randomUUID(),
    data: { clientId, kind: 'company', name: 'Acme Holdings', email: 'legal@acme.example', ...data },
  });
}

function timeEntryApprovedEvent(): EventEnvelope<Record<string, unknown>> {
  const timeEntryId = randomUUID();
  return createEnvelope({
    type: TimeEntryApprovedV1.type,
    firmId: randomUUID(),
    aggregateId: timeEntryId,
    actor: { type: 'user', id: randomUUID() },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    data: {
      timeEntryId,
      matterId: randomUUID(),
      timekeeperId: randomUUID(),
      workDate: '2026-11-20',
      minutes: 42,
      billedTenths: 7,
      narrative: 'Drafted the reply brief',
      billable: true,
      approvedAt: new Date().toISOString(),
      approvedBy: randomUUID(),
    },
  });
}

function parseFailure(raw: string | Buffer): InvalidEventError {
  try {
    parseEvent(raw);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('parseEvent accepted the message');
}

describe('parseEvent', () => {
  it('returns the envelope with a payload class instance when envelope and payload are valid', () => {
    const event = clientCreatedEvent();

    const parsed = parseEvent(JSON.stringify(event));

    expect(parsed).toMatchObject({
      id: event.id,
      type: ClientCreatedV1.type,
      firmId: event.firmId,
      version: 1,
    });
    expect(parsed.data).toBeInstanceOf(ClientCreatedV1);
    expect(parsed.data).toEqual(
      expect.objectContaining({ clientId: event.data.clientId, name: 'Acme Holdings' }),
    );
  });

  it('accepts a Buffer as Kafka delivers it', () => {
    const event = timeEntryApprovedEvent();

    const parsed = parseEvent(Buffer.from(JSON.stringify(event)));

    expect(parsed.data).toBeInstanceOf(TimeEntryApprovedV1);
    expect(parsed.causationId).toBe(event.causationId);
  });

  it('throws InvalidEventError when the message is not JSON', () => {
    const error = parseFailure('{"id": ');

    expect(error.problems).toEqual(['message is not JSON']);
    expect(error.message).toContain('not JSON');
  });

  it.each(['null', '42', '[]'])(
    'throws InvalidEventError when the message is JSON %s rather than an object',
    (raw) => {
      const error = parseFailure(raw);

      expect(error.problems).toEqual(['message is not a JSON object']);
    },
  );

  it.each(['id', 'type', 'firmId', 'occurredAt', 'correlationId', 'data'])(
    'throws InvalidEventError naming %s when that envelope field is missing',
    (field) => {
      const event: Record<string, unknown> = { ...clientCreatedEvent() };
      delete event[field];

      const error = parseFailure(JSON.stringify(event));

      expect(error.problems.join('\n')).toContain(field);
    },
  );

  it('throws InvalidEventError naming the actor when the actor is missing', () => {
    const event: Record<string, unknown> = { ...clientCreatedEvent() };
    delete event.actor;

    const error = parseFailure(JSON.stringify(event));

    expect(error.problems.join('\n')).toContain('actor');
  });

  it('throws InvalidEventError naming the actor field when the actor type is not a known kind', () => {
    const event = { ...clientCreatedEvent(), actor: { type: 'robot', id: 'r2' } };

    const error = parseFailure(JSON.stringify(event));

    expect(error.problems.join('\n')).toContain('actor.type');
  });

  it('throws InvalidEventError naming the type when the event type is not registered', () => {
    const event = { ...clientCreatedEvent(), type: 'intake.client.exploded' };

    const error = parseFailure(JSON.stringify(event));

    expect(error.problems).toEqual(['unknown event type intake.client.exploded']);
  });

  it('throws InvalidEventError naming the payload field when a payload field is invalid', () => {
    const event = clientCreatedEvent({ clientId: 'not-a-uuid' });

    const error = parseFailure(JSON.stringify(event));

    expect(error.problems).toEqual([expect.stringMatching(/^data\.clientId /)]);
  });

  it('throws InvalidEventError naming the payload field when a required payload field is missing', () => {
    const event = clientCreatedEvent();
    delete event.data.name;

    const error = parseFailure(JSON.stringify(event));

    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems.every((problem) => problem.startsWith('data.name '))).toBe(true);
  });

  it('checks the payload against the class registered for its type', () => {
    const matterEvent = { ...clientCreatedEvent(), type: MatterOpenedV1.type };

    const error = parseFailure(JSON.stringify(matterEvent));

    expect(error.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^data\.matterId /)]));
  });
});

describe('topicManifest', () => {
  it('lists every topic in TOPICS together with its dead-letter topic', () => {
    const names = topicManifest().map((topic) => topic.name);
    const expected = Object.values(TOPICS).flatMap((topic) => [topic.name, `${topic.name}.dlq`]);

    expect(names.sort()).toEqual(expected.sort());
  });

  it('gives each topic the partitions its spec declares', () => {
    const manifest = new Map(topicManifest().map((topic) => [topic.name, topic.partitions]));

    for (const topic of Object.values(TOPICS)) expect(manifest.get(topic.name)).toBe(topic.partitions);
  });

  it('keeps audit records and parked events until deleted, and domain events for a bounded time', () => {
    const retention = new Map(topicManifest().map((topic) => [topic.name, topic.config['retention.ms']]));

    expect(retention.get(TOPICS.audit.name)).toBe('-1');
    expect(retention.get(`${TOPICS.timeEntry.name}.dlq`)).toBe('-1');
    expect(Number(retention.get(TOPICS.timeEntry.name))).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000);
  });
});

describe('topicOfEvent', () => {
  it('returns the topic an event type travels on when the type is registered', () => {
    expect(topicOfEvent(ClientCreatedV1.type)).toBe(TOPICS.intakeClient.name);
    expect(topicOfEvent(MatterOpenedV1.type)).toBe(TOPICS.intakeMatter.name);
    expect(topicOfEvent(TimeEntryApprovedV1.type)).toBe(TOPICS.timeEntry.name);
  });

  it('throws naming the type when the type is not registered', () => {
    expect(() => topicOfEvent('billing.invoice.vanished')).toThrow(/billing\.invoice\.vanished/);
  });
});
