import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EntryForEvaluation, Evaluation } from './guideline.types';

/**
 * Evaluates an entry against the client's current billing guideline.
 * (Interim: no guidelines stored yet — every entry bills in tenths with no violations.)
 */
@Injectable()
export class GuidelineService {
  async evaluate(_manager: EntityManager, _entry: EntryForEvaluation): Promise<Evaluation> {
    return { version: null, mode: null, incrementMinutes: 6, violations: [] };
  }
}
