import {
  applyDecorators,
  Catch,
  Controller,
  UseFilters,
  type ArgumentsHost,
  type RpcExceptionFilter,
} from '@nestjs/common';
import {
  BaseRpcContext,
  Server,
  type CustomTransportStrategy,
  type MessageHandler,
} from '@nestjs/microservices';
import { topicOfEvent, type EventEnvelope } from '@lawfirm/contracts';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import type { EventConsumerOptions, EventHandler } from './event-consumer';

/**
 * What an `@EventPattern` handler gets with `@Ctx()`: the event's envelope and the entity manager
 * of the inbox transaction it runs in. Every write of the handler goes through `manager`, so its
 * effects, the event id in the inbox and any events it records commit together, or not at all.
 */
export class InboxContext extends BaseRpcContext<[EventEnvelope, EntityManager, string]> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }
  get manager(): EntityManager {
    return this.args[1];
  }
  get topic(): string {
    return this.args[2];
  }
}

/** The `extras` of an `@EventPattern`: which consumer (and so which group and inbox) handles it. */
export interface InboxPatternExtras {
  /** Short name; the consumer group is `<KAFKA_GROUP_PREFIX><service>.<consumer>`. */
  consumer: string;
  /**
   * Where a consumer group that has committed nothing yet starts: the oldest retained event (the
   * default: a projection needs the history) or, with false, new events only (the gateway's webhooks:
   * nobody subscribed to what came before the group first ran).
   */
  fromBeginning?: boolean;
}

/**
 * The pattern of a consumer's batch handler; `type` names the topic (any event type on it). The
 * handler receives every new event of one firm in a fetched batch (an `EventEnvelope[]`, of any type
 * the consumer handles) in one transaction. The consumer's ordinary handlers take over one event at
 * a time when a batch fails, so every type on the topic needs one.
 */
export function batchOf(type: string): string {
  return `${type}[]`;
}

const BATCH_SUFFIX = '[]';

/**
 * Leaves a handler's error as it was thrown, so the transport can retry it and, in the end, park
 * it on the dead-letter topic with its real message (Nest's default RPC filter replaces every
 * unknown error with "Internal server error").
 */
@Catch()
class RethrowEventErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a class whose methods are `@EventPattern` handlers (Nest discovers them on controllers). */
export function EventsController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(RethrowEventErrors));
}

/** One Kafka consumer group: its topics and what it does with each event type. */
export type ConsumerGroupSpec = Pick<
  EventConsumerOptions,
  'topics' | 'handlers' | 'batchHandler' | 'fromBeginning'
> & {
  name: string;
};

/** Where the transport's consumers come from (the service's MessagingRuntime). */
export interface InboxConsumerHost {
  startConsumerGroups(specs: ConsumerGroupSpec[]): void;
  stopConsumerGroups(): Promise<void>;
}

/**
 * Nest's `CustomTransportStrategy` over kafkajs: collects the app's `@EventPattern(eventType,
 * { consumer })` handlers, groups them by consumer, and runs each group as an idempotent consumer
 * (see EventConsumer): the handler runs inside the inbox transaction with the event id recorded,
 * the offset is committed only after that transaction commits, failures are retried with backoff
 * and then parked on `<topic>.dlq`, payloads are validated on consume and the trace continues.
 */
export class KafkaInboxTransport extends Server implements CustomTransportStrategy {
  /**
   * Every handler on its own. Nest's Server chains event handlers of one pattern (`next`) and calls
   * them all together; here two consumers of one event type are separate groups with separate
   * inboxes, so each must be callable alone.
   */
  private readonly inboxHandlers: Array<{ pattern: string; handler: MessageHandler }> = [];

  constructor(private readonly host: InboxConsumerHost) {
    super();
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler = false,
    extras: Record<string, unknown> = {},
  ): void {
    callback.isEventHandler = isEventHandler;
    callback.extras = extras;
    this.inboxHandlers.push({ pattern: this.normalizePattern(pattern as string), handler: callback });
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      this.host.startConsumerGroups(this.consumerGroups());
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.host.stopConsumerGroups();
  }

  on(): void {
    // No transport-level events to subscribe to: consumer crashes are handled by the host.
  }

  unwrap<T>(): T {
    throw new Error('KafkaInboxTransport does not expose its kafkajs consumers');
  }

  /** Visible for tests: the consumer groups the registered handlers describe. */
  consumerGroups(): ConsumerGroupSpec[] {
    const groups = new Map<string, ConsumerGroupSpec>();
    for (const { pattern, handler } of this.inboxHandlers) {
      if (!handler.isEventHandler)
        throw new Error(`@MessagePattern('${pattern}'): Kafka carries events only; use @EventPattern`);
      const consumer = (handler.extras as Partial<InboxPatternExtras> | undefined)?.consumer;
      if (!consumer)
        throw new Error(
          `@EventPattern('${pattern}') names no consumer: add { consumer: '<name>' } as its extras`,
        );
      const batch = pattern.endsWith(BATCH_SUFFIX);
      const type = batch ? pattern.slice(0, -BATCH_SUFFIX.length) : pattern;
      const topic = topicOfEvent(type);
      const group = groups.get(consumer) ?? { name: consumer, topics: [], handlers: {} };
      const fromBeginning = (handler.extras as Partial<InboxPatternExtras> | undefined)?.fromBeginning;
      if (fromBeginning !== undefined) group.fromBeginning = fromBeginning;
      if (!group.topics.includes(topic)) group.topics.push(topic);
      if (batch) {
        if (group.batchHandler) throw new Error(`consumer '${consumer}' has two batch handlers`);
        group.batchHandler = batchHandlerOf(handler, topic);
      } else {
        if (group.handlers[type]) throw new Error(`consumer '${consumer}' has two handlers for ${type}`);
        group.handlers[type] = eventHandlerOf(handler, topic);
      }
      groups.set(consumer, group);
    }
    for (const group of groups.values()) {
      if (group.batchHandler && Object.keys(group.handlers).length === 0) {
        throw new Error(
          `consumer '${group.name}' has a batch handler but no handler for single events to fall back on`,
        );
      }
    }
    return [...groups.values()];
  }
}

/** Awaits a Nest handler's answer, whether a value, a promise or an observable (which errors rethrow). */
async function settle(answer: unknown): Promise<void> {
  const result = await answer;
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
}

function eventHandlerOf(handler: MessageHandler, topic: string): EventHandler {
  return (envelope, manager) => settle(handler(envelope, new InboxContext([envelope, manager, topic])));
}

function batchHandlerOf(
  handler: MessageHandler,
  topic: string,
): NonNullable<EventConsumerOptions['batchHandler']> {
  return (envelopes, manager) => {
    const first = envelopes[0];
    if (!first) return Promise.resolve();
    return settle(handler(envelopes, new InboxContext([first, manager, topic])));
  };
}
