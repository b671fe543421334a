import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CurrentGuideline, EntryForEvaluation, Evaluation } from './guideline.types';

/**
 * Evaluates an entry against the client's current billing guideline.
 * (Interim: no guidelines stored yet — every entry bills in tenths with no violations.)
 */
@Injectable()
export class GuidelineService {
  async evaluate(_manager: EntityManager, _entry: EntryForEvaluation): Promise<Evaluation> {
    return { version: null, mode: null, incrementMinutes: 6, violations: [] };
  }

  /** The client's guideline in force, or null (bulk paths load it once and evaluate in memory). */
  async current(_manager: EntityManager, _clientId: string): Promise<CurrentGuideline | null> {
    return null;
  }
}

/**
 * Evaluates one entry against a loaded guideline, given the minutes the same timekeeper already
 * has on the same day for the same client (for the daily cap). Pure: no database.
 */
export function evaluateEntry(guideline: CurrentGuideline | null, _entry: EntryForEvaluation, _minutesSameDay: number): Evaluation {
  return { version: guideline?.version ?? null, mode: guideline?.mode ?? null, incrementMinutes: guideline?.rules.minIncrementMinutes ?? 6, violations: [] };
}
