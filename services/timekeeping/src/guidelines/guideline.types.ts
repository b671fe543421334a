export type GuidelineMode = 'warn' | 'block';

export interface Violation {
  rule: string;
  message: string;
  severity: 'warning' | 'blocking';
}

/** What an entry looks like to the guideline rules. */
export interface EntryForEvaluation {
  clientId: string;
  timekeeperId: string;
  workDate: string;
  minutes: number;
  narrative: string;
  taskCode?: string | null;
  activityCode?: string | null;
  /** When re-evaluating an existing entry, leave it out of day totals. */
  excludeEntryId?: string;
}

export interface Evaluation {
  /** Version of the client's guideline used, or null when the client has none. */
  version: number | null;
  mode: GuidelineMode | null;
  /** Minimum billing increment in minutes (6 = a tenth of an hour). */
  incrementMinutes: number;
  violations: Violation[];
}
