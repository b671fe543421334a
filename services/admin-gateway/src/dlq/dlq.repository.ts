import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { DlqReplay } from './dlq-replay.entity';

export interface LetterKey {
  partition: number;
  offset: string;
  /** The letter's Kafka timestamp (ISO 8601). */
  timestamp: string;
}

export interface ReplayMark {
  replayedAt: Date;
  replayedBy: string;
}

export function letterKeyText(key: LetterKey): string {
  return `${key.partition}:${key.offset}:${new Date(key.timestamp).getTime()}`;
}

@Injectable()
export class DlqRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims letters for replay inside the caller's transaction; returns the ones this transaction
   * claimed. A letter another transaction claimed is skipped (once that one commits; a concurrent
   * claim waits on the unique key until then).
   */
  async claim(
    manager: EntityManager,
    dlqTopic: string,
    letters: LetterKey[],
    replayedBy: string,
    reason: string,
  ): Promise<LetterKey[]> {
    if (letters.length === 0) return [];
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DlqReplay)
      .values(
        letters.map((letter) => ({
          id: crypto.randomUUID(),
          dlqTopic,
          dlqPartition: letter.partition,
          dlqOffset: letter.offset,
          letterTimestamp: new Date(letter.timestamp),
          replayedBy,
          reason,
        })),
      )
      .orIgnore()
      .returning(['dlqPartition', 'dlqOffset', 'letterTimestamp'])
      .execute();
    const raw = result.raw as Array<{ dlq_partition: number; dlq_offset: string; letter_timestamp: Date }>;
    return raw.map((row) => ({
      partition: row.dlq_partition,
      offset: String(row.dlq_offset),
      timestamp: new Date(row.letter_timestamp).toISOString(),
    }));
  }

  /** When and by whom each replayed letter of a dead-letter topic went back. */
  async replaysOf(dlqTopic: string): Promise<Map<string, ReplayMark>> {
    const rows = await this.dataSource
      .getRepository(DlqReplay)
      .createQueryBuilder('replay')
      .where('replay.dlqTopic = :dlqTopic', { dlqTopic })
      .getMany();
    return new Map(
      rows.map((row) => [
        letterKeyText({
          partition: row.dlqPartition,
          offset: String(row.dlqOffset),
          timestamp: row.letterTimestamp.toISOString(),
        }),
        { replayedAt: row.replayedAt, replayedBy: row.replayedBy },
      ]),
    );
  }

  async replayCounts(): Promise<Map<string, number>> {
    const rows = await this.dataSource
      .getRepository(DlqReplay)
      .createQueryBuilder('replay')
      .select('replay.dlqTopic', 'dlqTopic')
      .addSelect('count(*)::int', 'count')
      .groupBy('replay.dlqTopic')
      .getRawMany<{ dlqTopic: string; count: number }>();
    return new Map(rows.map((row) => [row.dlqTopic, Number(row.count)]));
  }
}
