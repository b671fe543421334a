import { findUtbmsCode, isTaskCode } from '../codes/utbms-code.service';
import { detectBlockBilling } from './block-billing';
import type {
  CurrentGuideline,
  EntryForEvaluation,
  Evaluation,
  GuidelineRules,
  Violation,
} from './guideline.types';

/** Billing in tenths of an hour when the client has no guideline or the guideline sets no increment. */
export const DEFAULT_INCREMENT_MINUTES = 6;

/** The increments a guideline may set (minutes): the ones outside-counsel guidelines use. */
export const ALLOWED_INCREMENT_MINUTES = [1, 3, 5, 6, 10, 12, 15, 30, 60] as const;

/** Stable rule ids, as they appear in `violations[].rule`. */
export const GUIDELINE_RULE_IDS = [
  'max-hours-per-day',
  'task-code-required',
  'block-billing',
  'approved-timekeepers-only',
  'clerical-work',
  'narrative-min-length',
] as const;
export type GuidelineRuleId = (typeof GUIDELINE_RULE_IDS)[number];

type Finding = { rule: GuidelineRuleId; message: string };
type RuleCheck = (
  rules: GuidelineRules,
  entry: EntryForEvaluation,
  minutesSameDay: number,
) => Finding | undefined;

/**
 * Evaluates one entry against a loaded guideline, given the minutes the same timekeeper already
 * has on the same day for the same client (for the daily cap). Pure: no database.
 * Every finding is a warning under a `warn` guideline and blocking under a `block` one.
 */
export function evaluateEntry(
  guideline: CurrentGuideline | null,
  entry: EntryForEvaluation,
  minutesSameDay: number,
): Evaluation {
  if (!guideline)
    return { version: null, mode: null, incrementMinutes: DEFAULT_INCREMENT_MINUTES, violations: [] };
  const severity: Violation['severity'] = guideline.mode === 'block' ? 'blocking' : 'warning';
  const violations = RULE_CHECKS.map((check) => check(guideline.rules, entry, minutesSameDay))
    .filter((finding): finding is Finding => finding !== undefined)
    .map((finding) => ({ ...finding, severity }));
  return {
    version: guideline.version,
    mode: guideline.mode,
    incrementMinutes: guideline.rules.minIncrementMinutes ?? DEFAULT_INCREMENT_MINUTES,
    violations,
  };
}

const maxHoursPerDay: RuleCheck = (rules, entry, minutesSameDay) => {
  if (rules.maxHoursPerDay === undefined) return undefined;
  const capMinutes = rules.maxHoursPerDay * 60;
  const dayMinutes = minutesSameDay + entry.minutes;
  if (dayMinutes <= capMinutes) return undefined;
  const earlier = minutesSameDay > 0 ? ` (${hours(minutesSameDay)} already recorded that day)` : '';
  return {
    rule: 'max-hours-per-day',
    message:
      `This entry brings the timekeeper's time for this client on ${entry.workDate} to ${hours(dayMinutes)}${earlier}; ` +
      `the client's guidelines allow at most ${hours(capMinutes)} per timekeeper per day.`,
  };
};

const taskCodeRequired: RuleCheck = (rules, entry) => {
  if (!rules.requireTaskCode || isTaskCode(entry.taskCode)) return undefined;
  const given = entry.taskCode ? findUtbmsCode(entry.taskCode) : undefined;
  const problem = !entry.taskCode
    ? 'The entry has no UTBMS task code'
    : given?.kind === 'phase'
      ? `${entry.taskCode} is a UTBMS phase, not a task`
      : `${entry.taskCode} is not a UTBMS litigation task code`;
  return {
    rule: 'task-code-required',
    message: `${problem}; the client requires a task code (e.g. L120 Analysis/Strategy) on every entry.`,
  };
};

const blockBilling: RuleCheck = (rules, entry) => {
  if (!rules.forbidBlockBilling) return undefined;
  const finding = detectBlockBilling(entry.narrative);
  if (!finding.blockBilled) return undefined;
  return {
    rule: 'block-billing',
    message:
      `The narrative appears to describe several tasks in one entry (${finding.tasks.map((task) => `"${task}"`).join(', ')}). ` +
      `The client does not accept block billing: record each task as its own entry with its own time.`,
  };
};

const approvedTimekeepersOnly: RuleCheck = (rules, entry) => {
  if (!rules.approvedTimekeeperIds || rules.approvedTimekeeperIds.includes(entry.timekeeperId))
    return undefined;
  return {
    rule: 'approved-timekeepers-only',
    message: `Timekeeper ${entry.timekeeperId} is not on the client's list of approved timekeepers; the client will not pay for their time.`,
  };
};

/**
 * A configured phrase matches case-insensitively, ignoring extra spaces, where it starts a word:
 * "schedul" finds "Scheduled deposition", but "fax" does not find "Fairfax County".
 */
const clericalWork: RuleCheck = (rules, entry) => {
  const narrative = normaliseSpaces(entry.narrative);
  const found = (rules.clericalPhrases ?? []).filter((phrase) => {
    const normalised = normaliseSpaces(phrase);
    return (
      normalised !== '' && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(normalised)}`, 'iu').test(narrative)
    );
  });
  if (found.length === 0) return undefined;
  return {
    rule: 'clerical-work',
    message:
      `The narrative describes work the client treats as clerical or administrative (${found.map((phrase) => `"${phrase}"`).join(', ')}); ` +
      `the client does not pay for it as professional time.`,
  };
};

const narrativeMinLength: RuleCheck = (rules, entry) => {
  const length = normaliseSpaces(entry.narrative).length;
  if (rules.minNarrativeLength === undefined || length >= rules.minNarrativeLength) return undefined;
  return {
    rule: 'narrative-min-length',
    message:
      `The narrative has ${length} characters; the client requires at least ${rules.minNarrativeLength}, ` +
      `describing the task and its purpose.`,
  };
};

const RULE_CHECKS: RuleCheck[] = [
  maxHoursPerDay,
  taskCodeRequired,
  blockBilling,
  approvedTimekeepersOnly,
  clericalWork,
  narrativeMinLength,
];

/** 570 → "9.5 hours", 60 → "1 hour", 7.5 → "0.13 hours". */
function hours(minutes: number): string {
  const value = Math.round((minutes / 60) * 100) / 100;
  return `${value} ${value === 1 ? 'hour' : 'hours'}`;
}

function normaliseSpaces(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
