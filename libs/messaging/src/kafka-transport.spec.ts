import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  AuditRecordedV1,
  createEnvelope,
  InvoiceIssuedV1,
  MatterOpenedV1,
  TOPICS,
  type EventEnvelope,
} from '@lawfirm/contracts';
import type { EntityManager } from 'typeorm';
import {
  batchOf,
  EventsController,
  KafkaInboxTransport,
  type ConsumerGroupSpec,
  type InboxConsumerHost,
  type InboxContext,
} from './kafka-transport';

/** Stands in for the MessagingRuntime: records the groups the transport asks it to run. */
class RecordingHost implements InboxConsumerHost {
  groups: ConsumerGroupSpec[] = [];
  stopped = false;
  startConsumerGroups(specs: ConsumerGroupSpec[]): void {
    this.groups.push(...specs);
  }
  async stopConsumerGroups(): Promise<void> {
    this.stopped = true;
  }
}

@Injectable()
class Effects {
  readonly seen: Array<{ handler: string; eventId: string; manager: unknown }> = [];
}

@EventsController()
class MatterConsumer {
  constructor(private readonly effects: Effects) {}

  @EventPattern(MatterOpenedV1.type, { consumer: 'matters' })
  opened(@Payload() envelope: EventEnvelope, @Ctx() context: InboxContext): void {
    this.effects.seen.push({ handler: 'matters', eventId: envelope.id, manager: context.manager });
  }
}

@EventsController()
class InvoiceConsumers {
  constructor(private readonly effects: Effects) {}

  @EventPattern(InvoiceIssuedV1.type, { consumer: 'invoices' })
  async invoices(@Payload() envelope: EventEnvelope): Promise<void> {
    this.effects.seen.push({ handler: 'invoices', eventId: envelope.id, manager: undefined });
  }

  @EventPattern(InvoiceIssuedV1.type, { consumer: 'expense-invoices' })
  async expenseInvoices(@Payload() envelope: EventEnvelope): Promise<void> {
    this.effects.seen.push({ handler: 'expense-invoices', eventId: envelope.id, manager: undefined });
    throw new Error(`expense ledger refused invoice ${envelope.aggregateId}`);
  }
}

@EventsController()
class AuditConsumer {
  constructor(private readonly effects: Effects) {}

  @EventPattern(AuditRecordedV1.type, { consumer: 'audit' })
  one(@Payload() envelope: EventEnvelope): void {
    this.effects.seen.push({ handler: 'audit', eventId: envelope.id, manager: undefined });
  }

  @EventPattern(batchOf(AuditRecordedV1.type), { consumer: 'audit' })
  many(@Payload() envelopes: EventEnvelope[], @Ctx() context: InboxContext): void {
    for (const envelope of envelopes)
      this.effects.seen.push({ handler: 'audit-batch', eventId: envelope.id, manager: context.manager });
  }
}

@Module({ controllers: [MatterConsumer, InvoiceConsumers, AuditConsumer], providers: [Effects] })
class ConsumersModule {}

function envelopeOf(type: string): EventEnvelope<never> {
  return createEnvelope({
    type,
    firmId: '018f0000-0000-7000-8000-000000000001',
    aggregateId: 'aggregate-1',
    actor: { type: 'service', id: 'spec' },
    correlationId: 'correlation-1',
    data: {},
  }) as EventEnvelope<never>;
}

async function bootWith(
  module: unknown,
): Promise<{ host: RecordingHost; effects: Effects; close: () => Promise<void> }> {
  const host = new RecordingHost();
  const app = await NestFactory.createMicroservice(module as never, {
    strategy: new KafkaInboxTransport(host),
    logger: false,
  });
  await app.listen();
  return { host, effects: app.get(Effects), close: () => app.close() };
}

describe('KafkaInboxTransport', () => {
  let booted: Awaited<ReturnType<typeof bootWith>>;
  const group = (name: string): ConsumerGroupSpec => {
    const found = booted.host.groups.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no consumer group ${name}`);
    return found;
  };

  beforeAll(async () => {
    booted = await bootWith(ConsumersModule);
  });
  afterAll(async () => {
    await booted.close();
  });

  it('runs one consumer group per named consumer, subscribed to the topics of its event types', () => {
    expect(booted.host.groups.map((candidate) => candidate.name).sort()).toEqual([
      'audit',
      'expense-invoices',
      'invoices',
      'matters',
    ]);
    expect(group('matters').topics).toEqual([TOPICS.intakeMatter.name]);
    expect(group('invoices').topics).toEqual([TOPICS.invoice.name]);
    expect(group('expense-invoices').topics).toEqual([TOPICS.invoice.name]);
    expect(Object.keys(group('matters').handlers)).toEqual([MatterOpenedV1.type]);
  });

  it('hands the handler the event and the inbox transaction it runs in', async () => {
    const envelope = envelopeOf(MatterOpenedV1.type);
    const manager = { marker: 'inbox transaction' } as unknown as EntityManager;

    await group('matters').handlers[MatterOpenedV1.type]?.(envelope, manager);

    expect(booted.effects.seen).toContainEqual({ handler: 'matters', eventId: envelope.id, manager });
  });

  it('gives two consumers of one event type each their own handler', async () => {
    const envelope = envelopeOf(InvoiceIssuedV1.type);
    const manager = {} as EntityManager;

    await group('invoices').handlers[InvoiceIssuedV1.type]?.(envelope, manager);

    const handled = booted.effects.seen
      .filter((entry) => entry.eventId === envelope.id)
      .map((entry) => entry.handler);
    expect(handled).toEqual(['invoices']);
  });

  it('passes a handler error on with its own message, so it is retried and dead-lettered with the cause', async () => {
    const envelope = envelopeOf(InvoiceIssuedV1.type);

    const handled = group('expense-invoices').handlers[InvoiceIssuedV1.type]?.(envelope, {} as EntityManager);

    await expect(handled).rejects.toThrow('expense ledger refused invoice aggregate-1');
  });

  it('wires a batch handler beside the single-event handler of the same consumer', async () => {
    const first = envelopeOf(AuditRecordedV1.type);
    const second = envelopeOf(AuditRecordedV1.type);
    const manager = { marker: 'batch transaction' } as unknown as EntityManager;
    const audit = group('audit');

    await audit.batchHandler?.([first, second], manager);

    expect(Object.keys(audit.handlers)).toEqual([AuditRecordedV1.type]);
    const batched = booted.effects.seen.filter((entry) => entry.handler === 'audit-batch');
    expect(batched).toEqual([
      { handler: 'audit-batch', eventId: first.id, manager },
      { handler: 'audit-batch', eventId: second.id, manager },
    ]);
  });

  it('stops its consumers when the app closes', async () => {
    const other = await bootWith(ConsumersModule);

    await other.close();

    expect(other.host.stopped).toBe(true);
  });

  it('refuses to start a handler that names no consumer', async () => {
    @EventsController()
    class Unnamed {
      @EventPattern(MatterOpenedV1.type)
      opened(): void {
        return undefined;
      }
    }
    @Module({ controllers: [Unnamed] })
    class UnnamedModule {}

    const app = await NestFactory.createMicroservice(UnnamedModule, {
      strategy: new KafkaInboxTransport(new RecordingHost()),
      logger: false,
    });

    await expect(app.listen()).rejects.toThrow(/names no consumer/);
    await app.close();
  });
});
