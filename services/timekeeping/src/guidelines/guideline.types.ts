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

/** The rules an outside-counsel guideline can contain. Every field is optional. (A type, not an interface, so it is JSON an audit record can carry.) */
export type GuidelineRules = {
  /** Minimum billing increment in minutes (6 = 0.1 h, 15 = 0.25 h). Billed units round up to it. */
  minIncrementMinutes?: number;
  /** Most hours one timekeeper may bill this client per day. */
  maxHoursPerDay?: number;
  /** Every entry needs a UTBMS task code. */
  requireTaskCode?: boolean;
  /** Several tasks in one entry (block billing) are not accepted. */
  forbidBlockBilling?: boolean;
  /** Only these timekeepers may bill the client (timekeeper ids). */
  approvedTimekeeperIds?: string[];
  /** Phrases that mark clerical or administrative work the client will not pay for. */
  clericalPhrases?: string[];
  /** Narratives shorter than this are refused. */
  minNarrativeLength?: number;
};

/** A client's guideline as in force now. */
export interface CurrentGuideline {
  clientId: string;
  version: number;
  mode: GuidelineMode;
  rules: GuidelineRules;
}
