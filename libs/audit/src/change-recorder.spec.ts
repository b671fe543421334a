import { AuditRecordedV1, MatterClosedV1 } from '@lawfirm/contracts';
import type { EntityManager } from 'typeorm';
import { recordChange } from './change-recorder';

/** The outbox rows one `recordChange` call writes, read back from the single statement it runs. */
function capturingManager(): {
  manager: EntityManager;
  statements: Array<{ sql: string; parameters: unknown[][] }>;
} {
  const statements: Array<{ sql: string; parameters: unknown[][] }> = [];
  const manager = {
    query: (sql: string, parameters: unknown[][]) => {
      statements.push({ sql, parameters });
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  return { manager, statements };
}

describe('recordChange', () => {
  const caller = {
    firmId: '0b7d4a52-5a8f-4e0f-9d8e-3b5f2f6c1a01',
    actorType: 'user' as const,
    subject: 'user-7',
    correlationId: 'corr-1',
    requestId: 'req-1',
  };

  it('writes the events and the audit record in one statement, events first, audit keyed by firm', async () => {
    const { manager, statements } = capturingManager();
    const matterId = '5c3e1f7a-2b9d-4c6e-8a1f-0d2e3f4a5b6c';
    await recordChange(manager, caller, {
      action: 'matter.closed',
      resourceType: 'matter',
      resourceId: matterId,
      details: { number: '2026-0001' },
      events: [
        {
          type: 'intake.matter.closed',
          aggregateId: matterId,
          data: {
            matterId,
            clientId: matterId,
            number: '2026-0001',
            title: 'T',
            status: 'closed',
            changedAt: new Date().toISOString(),
          },
        },
      ],
    });
    expect(statements).toHaveLength(1);
    const [ids, firms, topics, keys, , envelopeTexts] = statements[0]!.parameters as [
      string[],
      string[],
      string[],
      string[],
      unknown,
      string[],
    ];
    const envelopes = envelopeTexts.map(
      (text) => JSON.parse(text) as { type: string; data: Record<string, unknown>; actor: unknown },
    );
    expect(ids).toHaveLength(2);
    expect(firms).toEqual([caller.firmId, caller.firmId]);
    expect(topics).toEqual(['intake.matter.v1', 'audit.v1']);
    expect(keys).toEqual([matterId, caller.firmId]);
    expect(envelopes.map((envelope) => envelope.type)).toEqual([MatterClosedV1.type, AuditRecordedV1.type]);
    expect(envelopes[1]!.data).toMatchObject({
      category: 'change',
      actorType: 'user',
      actorId: 'user-7',
      action: 'matter.closed',
      resourceType: 'matter',
      resourceId: matterId,
      requestId: 'req-1',
      details: { number: '2026-0001' },
    });
    expect(envelopes[0]!.actor).toEqual({ type: 'user', id: 'user-7' });
  });

  it('records an audit record alone when the change publishes no event', async () => {
    const { manager, statements } = capturingManager();
    await recordChange(manager, caller, {
      action: 'timer.started',
      resourceType: 'timer',
      resourceId: 't-1',
    });
    const topics = statements[0]!.parameters[2];
    expect(topics).toEqual(['audit.v1']);
  });
});
