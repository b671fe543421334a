import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import { dlqTopicOf, PLATFORM_FIRM_ID, TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError } from '@lawfirm/errors';
import { DLQ_HEADERS, headerText } from '@lawfirm/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@lawfirm/platform';
import { DeadLetterReader, type DeadLetterMessage } from './dead-letter.reader';
import { DlqRepository, letterKeyText, type ReplayMark } from './dlq.repository';
import type { DeadLetterView, DlqSummaryView, ReplayResultView } from './dto/dlq.views';

export class LetterAlreadyReplayedError extends DomainError {
  constructor(dlqTopic: string, partition: number, offset: string) {
    super(
      'conflict',
      'dlq_letter_already_replayed',
      `The letter ${dlqTopic}[${partition}]@${offset} was replayed already; it is not sent twice.`,
    );
  }
}

/** At most this many letters go back in one replay-all request; the answer says how many remain. */
export const REPLAY_BATCH = 1000;
/** Letters read at once, and how many reads one replay-all request may make. */
const READ_CHUNK = 1000n;
const MAX_READ_ROUNDS = 20;

/**
 * Dead-letter queues of every topic in the manifest: what is parked, why, and replay after a fix.
 * Each replay is claimed in `dlq_replays` (a letter goes back once, whoever asks and however often)
 * and recorded with `recordChange` in the same transaction as the claim.
 */
@Injectable()
export class DlqService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: DeadLetterReader,
    private readonly repository: DlqRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async summary(): Promise<DlqSummaryView[]> {
    const replayed = await this.repository.replayCounts();
    return Promise.all(
      Object.values(TOPICS).map(async (spec) => {
        const dlqTopic = dlqTopicOf(spec.name);
        const letters = (await this.reader.offsets(spec.name)).reduce(
          (sum, { low, high }) => sum + Number(high - low),
          0,
        );
        const replayedCount = replayed.get(dlqTopic) ?? 0;
        return {
          topic: spec.name,
          dlqTopic,
          owner: spec.owner,
          letters,
          replayed: replayedCount,
          pending: Math.max(0, letters - replayedCount),
        };
      }),
    );
  }

  /** The newest `limit` letters of each partition, newest first. */
  async letters(
    topic: string,
    limit: number,
    service?: string,
  ): Promise<{ items: DeadLetterView[]; older: number }> {
    const knownTopic = this.knownTopic(topic);
    const offsets = await this.reader.offsets(knownTopic);
    const ranges = offsets.map(({ partition, low, high }) => ({
      partition,
      from: high - BigInt(limit) > low ? high - BigInt(limit) : low,
      to: high,
    }));
    const older = offsets.reduce((sum, { partition, low }) => {
      const from = ranges.find((range) => range.partition === partition)?.from ?? low;
      return sum + Number(from - low);
    }, 0);
    const [letters, replays] = await Promise.all([
      this.reader.read(knownTopic, ranges),
      this.repository.replaysOf(dlqTopicOf(knownTopic)),
    ]);
    const items = letters
      .map((letter) => this.view(letter, replays))
      .filter((view) => !service || view.service === service)
      .reverse();
    return { items, older };
  }

  async replayOne(
    actor: Actor,
    topic: string,
    partition: number,
    offset: string,
    reason: string,
  ): Promise<ReplayResultView> {
    const knownTopic = this.knownTopic(topic);
    const dlqTopic = dlqTopicOf(knownTopic);
    const range = (await this.reader.offsets(knownTopic)).find((each) => each.partition === partition);
    const wanted = BigInt(offset);
    if (!range || wanted < range.low || wanted >= range.high) {
      throw new NotFoundError('dead_letter', `${dlqTopic}[${partition}]@${offset}`);
    }
    // Read first: the claim names the letter by its timestamp too (offsets restart on a topic made anew).
    const [letter] = await this.reader.read(knownTopic, [{ partition, from: wanted, to: wanted + 1n }]);
    if (!letter) throw new NotFoundError('dead_letter', `${dlqTopic}[${partition}]@${offset}`);
    return withTenant(this.dataSource, PLATFORM_FIRM_ID, async (manager) => {
      const claimed = await this.repository.claim(manager, dlqTopic, [letter], actor.subject, reason);
      if (claimed.length === 0) throw new LetterAlreadyReplayedError(dlqTopic, partition, offset);
      await this.reader.resend(knownTopic, [letter]);
      const view = this.view(letter, new Map());
      await recordChange(manager, this.callerOf(actor), {
        action: 'dlq.letter.replayed',
        resourceType: 'dead-letter',
        resourceId: `${dlqTopic}[${partition}]@${offset}`,
        details: {
          reason,
          eventId: view.eventId,
          eventType: view.eventType,
          firmId: view.firmId,
          consumerGroup: view.consumerGroup,
          error: view.error,
        },
      });
      return {
        topic: knownTopic,
        replayed: 1,
        alreadyReplayed: 0,
        skipped: 0,
        remaining: 0,
        letters: [
          { partition, offset, eventId: view.eventId, targetTopic: this.targetOf(letter, knownTopic) },
        ],
      };
    });
  }

  /** Every letter not replayed yet (of one consumer group when named), oldest first, up to REPLAY_BATCH. */
  async replayAll(
    actor: Actor,
    topic: string,
    reason: string,
    consumerGroup?: string,
  ): Promise<ReplayResultView> {
    const knownTopic = this.knownTopic(topic);
    const dlqTopic = dlqTopicOf(knownTopic);
    const [offsets, replays] = await Promise.all([
      this.reader.offsets(knownTopic),
      this.repository.replaysOf(dlqTopic),
    ]);
    // Letters are read from the oldest, a chunk at a time, until REPLAY_BATCH pending ones are found.
    const next = new Map(offsets.map(({ partition, low }) => [partition, low]));
    const notReplayed: DeadLetterMessage[] = [];
    let skipped = 0;
    let beyondBatch = 0;
    let replayedBefore = 0;
    for (let round = 0; round < MAX_READ_ROUNDS && notReplayed.length < REPLAY_BATCH; round += 1) {
      const ranges = offsets
        .map(({ partition, high }) => {
          const from = next.get(partition) ?? high;
          return { partition, from, to: from + READ_CHUNK < high ? from + READ_CHUNK : high };
        })
        .filter((range) => range.to > range.from);
      if (ranges.length === 0) break;
      const read = await this.reader.read(knownTopic, ranges);
      for (const range of ranges) next.set(range.partition, range.to);
      for (const letter of read) {
        if (consumerGroup && headerText(letter.headers, DLQ_HEADERS.consumerGroup) !== consumerGroup)
          skipped += 1;
        else if (replays.has(letterKeyText(letter))) replayedBefore += 1;
        else if (notReplayed.length < REPLAY_BATCH) notReplayed.push(letter);
        else beyondBatch += 1;
      }
    }
    const unread = offsets.reduce(
      (sum, { partition, high }) => sum + Number(high - (next.get(partition) ?? high)),
      0,
    );
    return withTenant(this.dataSource, PLATFORM_FIRM_ID, async (manager) => {
      const claimed = new Set(
        (await this.repository.claim(manager, dlqTopic, notReplayed, actor.subject, reason)).map(
          letterKeyText,
        ),
      );
      const toSend = notReplayed.filter((letter) => claimed.has(letterKeyText(letter)));
      await this.reader.resend(knownTopic, toSend);
      const letters = toSend.map((letter) => ({
        partition: letter.partition,
        offset: letter.offset,
        eventId: this.view(letter, new Map()).eventId,
        targetTopic: this.targetOf(letter, knownTopic),
      }));
      await recordChange(manager, this.callerOf(actor), {
        action: 'dlq.replayed',
        resourceType: 'dead-letter-queue',
        resourceId: dlqTopic,
        details: {
          reason,
          consumerGroup: consumerGroup ?? null,
          replayed: toSend.length,
          eventIds: letters.slice(0, 100).map((letter) => letter.eventId),
        },
      });
      return {
        topic: knownTopic,
        replayed: toSend.length,
        alreadyReplayed: replayedBefore + notReplayed.length - toSend.length,
        skipped,
        remaining: unread + beyondBatch,
        letters,
      };
    });
  }

  private knownTopic(topic: string): string {
    const spec = Object.values(TOPICS).find((each) => each.name === topic);
    if (!spec) throw new NotFoundError('dead_letter_queue', topic);
    return spec.name;
  }

  private targetOf(letter: DeadLetterMessage, topic: string): string {
    return headerText(letter.headers, DLQ_HEADERS.originalTopic) ?? topic;
  }

  private callerOf(actor: Actor): ChangeCaller {
    return {
      firmId: PLATFORM_FIRM_ID,
      actorType: 'ops',
      subject: actor.subject,
      correlationId: actor.correlationId,
      requestId: actor.requestId,
    };
  }

  /** The consuming service of a group `<prefix><service>.<consumer>`. */
  private serviceOf(group: string | undefined): string | null {
    if (!group) return null;
    const prefix = this.config.KAFKA_GROUP_PREFIX;
    const bare = prefix && group.startsWith(prefix) ? group.slice(prefix.length) : group;
    return bare.split('.')[0] || null;
  }

  private view(letter: DeadLetterMessage, replays: Map<string, ReplayMark>): DeadLetterView {
    const envelope = envelopeOf(letter.value);
    const attempts = Number(headerText(letter.headers, DLQ_HEADERS.attempts));
    const group = headerText(letter.headers, DLQ_HEADERS.consumerGroup);
    const replay = replays.get(letterKeyText(letter));
    return {
      partition: letter.partition,
      offset: letter.offset,
      key: letter.key,
      eventId: envelope.id,
      eventType: envelope.type,
      firmId: envelope.firmId,
      aggregateId: envelope.aggregateId,
      occurredAt: envelope.occurredAt,
      consumerGroup: group ?? null,
      service: this.serviceOf(group),
      error: headerText(letter.headers, DLQ_HEADERS.error) ?? null,
      errorKind: headerText(letter.headers, DLQ_HEADERS.errorKind) ?? null,
      attempts: Number.isFinite(attempts) ? attempts : null,
      failedAt: headerText(letter.headers, DLQ_HEADERS.failedAt) ?? letter.timestamp,
      payloadSummary: envelope.summary,
      bytes: letter.value?.length ?? 0,
      replayedAt: replay ? replay.replayedAt.toISOString() : null,
      replayedBy: replay ? replay.replayedBy : null,
    };
  }
}

interface EnvelopeSummary {
  id: string | null;
  type: string | null;
  firmId: string | null;
  aggregateId: string | null;
  occurredAt: string | null;
  summary: string;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, 200) : null);

/**
 * What an operator may see of a parked event without a reason: its envelope and the shape of its
 * data (keys and size), never the data itself. A value that is not an envelope is described, not shown.
 */
export function envelopeOf(value: Buffer | null): EnvelopeSummary {
  const empty = { id: null, type: null, firmId: null, aggregateId: null, occurredAt: null };
  if (!value) return { ...empty, summary: 'no value (tombstone)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return { ...empty, summary: `not JSON (${value.length} bytes)` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ...empty,
      summary: `JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}, not an event envelope`,
    };
  }
  const envelope = parsed as Record<string, unknown>;
  const data = envelope.data;
  const dataShape =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? `data {${Object.keys(data).slice(0, 20).join(', ')}}`
      : `data ${data === undefined ? 'missing' : typeof data}`;
  const version = typeof envelope.version === 'number' ? ` v${envelope.version}` : '';
  return {
    id: text(envelope.id),
    type: text(envelope.type),
    firmId: text(envelope.firmId),
    aggregateId: text(envelope.aggregateId),
    occurredAt: text(envelope.occurredAt),
    summary: `${text(envelope.type) ?? 'untyped'}${version}, ${dataShape}, ${value.length} bytes`,
  };
}
