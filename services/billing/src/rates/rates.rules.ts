/**
 * Rate resolution, one documented precedence (first match wins):
 *   1. matter-timekeeper — this timekeeper on this matter
 *   2. matter            — anyone on this matter
 *   3. client            — anyone on any matter of this client
 *   4. activity          — work of this UTBMS activity code (A101, ...), firm-wide
 *   5. timekeeper        — the timekeeper's default rate
 * Within a level, the rule in effect on the work date with the latest `effectiveFrom` wins, so a
 * scheduled increase (a second rule starting later) takes over on its first day. `effectiveTo` is the
 * last day a rule applies (inclusive). Only rules in the bill's currency count.
 */
export const RATE_SCOPES = ['matter-timekeeper', 'matter', 'client', 'activity', 'timekeeper'] as const;
export type RateScope = (typeof RATE_SCOPES)[number];

export interface RateRuleFacts {
  id: string;
  scope: RateScope;
  matterId: string | null;
  clientId: string | null;
  timekeeperId: string | null;
  activityCode: string | null;
  rateMinor: number;
  currency: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface RateQuery {
  matterId: string;
  clientId: string;
  timekeeperId: string;
  activityCode: string | null;
  workDate: string;
  currency: string;
}

export interface ResolvedRate {
  rateMinor: number;
  ruleId: string;
  scope: RateScope;
}

function reaches(rule: RateRuleFacts, query: RateQuery): boolean {
  switch (rule.scope) {
    case 'matter-timekeeper':
      return rule.matterId === query.matterId && rule.timekeeperId === query.timekeeperId;
    case 'matter':
      return rule.matterId === query.matterId;
    case 'client':
      return rule.clientId === query.clientId;
    case 'activity':
      return query.activityCode !== null && rule.activityCode === query.activityCode;
    case 'timekeeper':
      return rule.timekeeperId === query.timekeeperId;
  }
}

/** Dates are YYYY-MM-DD, so text order is date order. */
function inEffect(rule: RateRuleFacts, workDate: string): boolean {
  return rule.effectiveFrom <= workDate && (rule.effectiveTo === null || workDate <= rule.effectiveTo);
}

/** The rate for one piece of work, or null when no rule reaches it. */
export function resolveRate(rules: readonly RateRuleFacts[], query: RateQuery): ResolvedRate | null {
  for (const scope of RATE_SCOPES) {
    let best: RateRuleFacts | undefined;
    for (const rule of rules) {
      if (rule.scope !== scope || rule.currency !== query.currency) continue;
      if (!reaches(rule, query) || !inEffect(rule, query.workDate)) continue;
      if (!best || rule.effectiveFrom > best.effectiveFrom) best = rule;
    }
    if (best) return { rateMinor: best.rateMinor, ruleId: best.id, scope };
  }
  return null;
}

/** Which of a rule's reach fields its scope needs (and so which the others must leave empty). */
export const FIELDS_OF_SCOPE: Readonly<
  Record<RateScope, ReadonlyArray<'matterId' | 'clientId' | 'timekeeperId' | 'activityCode'>>
> = {
  'matter-timekeeper': ['matterId', 'timekeeperId'],
  matter: ['matterId'],
  client: ['clientId'],
  activity: ['activityCode'],
  timekeeper: ['timekeeperId'],
};
