import type { CalendarDate } from '@lawfirm/primitives';
import { addDays, type CourtCalendar, describeDate } from './court-calendar';

/**
 * The deadline calculator: pure, no I/O. Given a trigger date, one rule of a rule set, the way the
 * triggering paper was served and the court's calendar, it returns the last day to act and every
 * step that led there, so a lawyer can check the arithmetic line by line.
 */

export type PeriodUnit = 'days' | 'court-days' | 'hours';
/** `after` an event (answer 21 days after service) or `before` one (confer 21 days before a conference). */
export type Direction = 'after' | 'before';

/** One deadline rule of a rule set, stored as data. */
export interface DeadlineRuleDefinition {
  code: string;
  name: string;
  citation: string;
  /** The trigger event this rule counts from … */
  triggerEvent?: string;
  /** … or another rule's deadline (a chained rule). Exactly one of the two. */
  triggerRule?: string;
  period: { amount: number; unit: PeriodUnit };
  direction: Direction;
  /** Whether the service-method extension (FRCP 6(d), CCP 1013) applies: only to periods that run from service of a paper. */
  serviceExtension: boolean;
  /** A different extension for some service methods on this rule (CCP 1005(b): +2 calendar days for fax or overnight). */
  extensionOverrides?: Record<string, ServiceExtension>;
  note?: string;
}

/** Extra time for a way of serving the triggering paper. */
export interface ServiceExtension {
  amount: number;
  unit: 'days' | 'court-days';
  citation: string;
}

/**
 * How a rule set's extensions combine with the period:
 * - `after-period` (FRCP 6(d)): the period is computed under 6(a) first, rolled forward if it
 *   ends on a closed day, then the extra days are added and the result checked again;
 * - `extends-period` (Cal. Code Civ. Proc. § 1013): the extra days lengthen the period, and the
 *   combined period's last day is checked once (CCP §§ 12, 12a).
 */
export type ExtensionMode = 'after-period' | 'extends-period';

export interface TriggerEventDefinition {
  code: string;
  name: string;
}

export interface ServiceMethodDefinition {
  code: string;
  name: string;
  extension?: ServiceExtension;
}

/** A versioned rule set of one jurisdiction, stored as data (`rule_sets`). */
export interface RuleSetDefinition {
  id: string;
  version: number;
  name: string;
  jurisdiction: string;
  effectiveFrom: CalendarDate;
  effectiveTo?: CalendarDate;
  /** The computation rules this set follows, cited in every explanation. */
  countingCitation: string;
  holidayCalendar: { id: string; version: number };
  extensionMode: ExtensionMode;
  triggerEvents: TriggerEventDefinition[];
  serviceMethods: ServiceMethodDefinition[];
  rules: DeadlineRuleDefinition[];
}

export type ExplanationStep =
  'trigger' | 'rule' | 'count' | 'skip' | 'roll' | 'extension' | 'calendar' | 'result';

/** One line of a deadline's explanation. */
export interface ExplanationLine {
  step: ExplanationStep;
  text: string;
  date?: CalendarDate;
}

export interface DeadlineComputation {
  dueDate: CalendarDate;
  /** HH:MM, for periods stated in hours. */
  dueTime?: string;
  explanation: ExplanationLine[];
}

export interface ComputeRequest {
  ruleSet: Pick<
    RuleSetDefinition,
    'id' | 'version' | 'name' | 'countingCitation' | 'extensionMode' | 'serviceMethods'
  >;
  rule: DeadlineRuleDefinition;
  /** The date the period runs from (the event, or the parent deadline for a chained rule). */
  triggerDate: CalendarDate;
  /** HH:MM, needed only for periods in hours. */
  triggerTime?: string;
  /** What the trigger is, in words ("Complaint served", or the parent deadline's name). */
  triggerLabel: string;
  serviceMethod?: string;
  calendar: CourtCalendar;
}

export class DeadlineComputationError extends Error {}

const plural = (amount: number, unit: string): string => `${amount} ${unit}${amount === 1 ? '' : 's'}`;

function unitWord(unit: PeriodUnit): string {
  return unit === 'days' ? 'day' : unit === 'court-days' ? 'court day' : 'hour';
}

/**
 * Moves off a closed day: forward for a period after an event, backward for one before it
 * (FRCP 6(a)(1)(C), 6(a)(5)); each skipped day is a line of the explanation.
 */
function rollToOpenDay(
  date: CalendarDate,
  direction: Direction,
  calendar: CourtCalendar,
  lines: ExplanationLine[],
  why: string,
): CalendarDate {
  const step = direction === 'after' ? 1 : -1;
  let current = date;
  let reason = calendar.closedReason(current);
  if (!reason) return current;
  while (reason) {
    lines.push({ step: 'skip', date: current, text: `${describeDate(current)} is closed (${reason.text}).` });
    current = addDays(current, step);
    reason = calendar.closedReason(current);
  }
  lines.push({
    step: 'roll',
    date: current,
    text: `${why}: the period runs ${direction === 'after' ? 'forward' : 'backward'} to ${describeDate(current)}, the ${direction === 'after' ? 'next' : 'previous'} day that is not a Saturday, Sunday, legal holiday or day the clerk's office is inaccessible.`,
  });
  return current;
}

/** Counts `amount` court days from `from` (excluded), skipping and listing every closed day. */
function countCourtDays(
  from: CalendarDate,
  amount: number,
  direction: Direction,
  calendar: CourtCalendar,
  lines: ExplanationLine[],
): CalendarDate {
  const step = direction === 'after' ? 1 : -1;
  let current = from;
  let counted = 0;
  while (counted < amount) {
    current = addDays(current, step);
    const reason = calendar.closedReason(current);
    if (reason) {
      lines.push({
        step: 'skip',
        date: current,
        text: `${describeDate(current)} is not counted (${reason.text}).`,
      });
      continue;
    }
    counted += 1;
    if (counted === 1 || counted === amount) {
      lines.push({ step: 'count', date: current, text: `Court day ${counted} is ${describeDate(current)}.` });
    }
  }
  return current;
}

function countCalendarDays(
  from: CalendarDate,
  amount: number,
  direction: Direction,
  lines: ExplanationLine[],
): CalendarDate {
  const step = direction === 'after' ? 1 : -1;
  const first = addDays(from, step);
  const last = addDays(from, step * amount);
  lines.push({
    step: 'count',
    date: first,
    text: `The trigger day is excluded; day 1 is ${describeDate(first)}, and every day counts, weekends and holidays included.`,
  });
  lines.push({ step: 'count', date: last, text: `Day ${amount} is ${describeDate(last)}.` });
  return last;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function extensionFor(request: ComputeRequest, lines: ExplanationLine[]): ServiceExtension | undefined {
  if (!request.serviceMethod) return undefined;
  const method = request.ruleSet.serviceMethods.find((candidate) => candidate.code === request.serviceMethod);
  if (!method) throw new DeadlineComputationError(`unknown service method ${request.serviceMethod}`);
  if (!request.rule.serviceExtension) {
    if (method.extension)
      lines.push({
        step: 'extension',
        text: `Served by ${method.name}, but no extension applies: this period does not run from service of a paper under the extension rule.`,
      });
    return undefined;
  }
  const extension = request.rule.extensionOverrides?.[method.code] ?? method.extension;
  if (!extension) {
    lines.push({
      step: 'extension',
      text: `Served by ${method.name}: no extra time for this method of service.`,
    });
  }
  return extension;
}

function computeHours(request: ComputeRequest, lines: ExplanationLine[]): DeadlineComputation {
  const { rule, calendar } = request;
  const time = request.triggerTime;
  if (!time || !TIME.test(time))
    throw new DeadlineComputationError('a period in hours needs the trigger time (HH:MM)');
  if (rule.direction === 'before')
    throw new DeadlineComputationError('periods in hours run only after an event');
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const totalMinutes = hours * 60 + minutes + rule.period.amount * 60;
  let dueDate = addDays(request.triggerDate, Math.floor(totalMinutes / 1440));
  const minuteOfDay = totalMinutes % 1440;
  const dueTime = `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
  lines.push({
    step: 'count',
    date: dueDate,
    text: `Counting begins immediately at ${time} and every hour counts (FRCP 6(a)(2)(A), (B)); ${plural(rule.period.amount, 'hour')} later is ${describeDate(dueDate)} at ${dueTime}.`,
  });
  dueDate = rollToOpenDay(
    dueDate,
    'after',
    calendar,
    lines,
    `The period would end on a closed day; it continues to run to the same time (FRCP 6(a)(2)(C))`,
  );
  lines.push({ step: 'result', date: dueDate, text: `Due ${describeDate(dueDate)} at ${dueTime}.` });
  return { dueDate, dueTime, explanation: lines };
}

/** Computes one deadline, with its explanation. Throws `DeadlineComputationError` on a rule or input it cannot apply. */
export function computeDeadline(request: ComputeRequest): DeadlineComputation {
  const { rule, calendar, ruleSet, triggerDate } = request;
  const lines: ExplanationLine[] = [
    {
      step: 'trigger',
      date: triggerDate,
      text: `Trigger: ${request.triggerLabel} on ${describeDate(triggerDate)}.`,
    },
    {
      step: 'rule',
      text: `Rule: ${rule.name} — ${plural(rule.period.amount, unitWord(rule.period.unit))} ${rule.direction} the trigger (${rule.citation}); computed under ${ruleSet.countingCitation}, ${ruleSet.name} v${ruleSet.version}.`,
    },
    {
      step: 'calendar',
      text: `Calendar: ${calendar.definition.name} v${calendar.definition.version}, with the clerk's-office closures the firm declared.`,
    },
  ];
  if (!Number.isInteger(rule.period.amount) || rule.period.amount < 0)
    throw new DeadlineComputationError(`rule ${rule.code} has an invalid period`);
  if (rule.period.unit === 'hours') {
    if (request.serviceMethod && rule.serviceExtension) extensionFor(request, lines);
    return computeHours(request, lines);
  }
  const extension = extensionFor(request, lines);
  const direction = rule.direction;
  const sign = direction === 'after' ? 1 : -1;
  let due: CalendarDate;

  if (extension && ruleSet.extensionMode === 'extends-period' && extension.unit === rule.period.unit) {
    const total = rule.period.amount + extension.amount;
    lines.push({
      step: 'extension',
      text: `Service by ${methodName(request)} extends the period by ${plural(extension.amount, unitWord(extension.unit))} (${extension.citation}): ${plural(total, unitWord(rule.period.unit))} in all.`,
    });
    due =
      rule.period.unit === 'days'
        ? countCalendarDays(triggerDate, total, direction, lines)
        : countCourtDays(triggerDate, total, direction, calendar, lines);
    due = rollToOpenDay(due, direction, calendar, lines, `The last day is closed`);
  } else {
    due =
      rule.period.unit === 'days'
        ? countCalendarDays(triggerDate, rule.period.amount, direction, lines)
        : countCourtDays(triggerDate, rule.period.amount, direction, calendar, lines);
    // FRCP 6(d) adds its days after the period as 6(a) ends it (rolled); where the extension is
    // part of the period (CCP 1013, 1010.6) the extra court days run on from the unrolled last day.
    if (!extension || ruleSet.extensionMode === 'after-period')
      due = rollToOpenDay(due, direction, calendar, lines, `The last day is closed`);
    if (extension) {
      const before = due;
      if (extension.unit === 'days') {
        due = addDays(due, sign * extension.amount);
        lines.push({
          step: 'extension',
          date: due,
          text: `Service by ${methodName(request)}: ${
            direction === 'before'
              ? `the period is lengthened by ${plural(extension.amount, 'day')}, counted backward`
              : ruleSet.extensionMode === 'after-period'
                ? `${plural(extension.amount, 'day')} are added after the period would otherwise expire`
                : `${plural(extension.amount, 'day')} are added`
          } (${extension.citation}), every day counted: ${describeDate(before)} → ${describeDate(due)}.`,
        });
      } else {
        lines.push({
          step: 'extension',
          text: `Service by ${methodName(request)}: ${plural(extension.amount, 'court day')} more (${extension.citation}).`,
        });
        due = countCourtDays(due, extension.amount, direction, calendar, lines);
      }
      due = rollToOpenDay(due, direction, calendar, lines, `After the extension the last day is closed`);
    }
  }
  lines.push({ step: 'result', date: due, text: `Last day to act: ${describeDate(due)}.` });
  return { dueDate: due, explanation: lines };
}

function methodName(request: ComputeRequest): string {
  return request.ruleSet.serviceMethods.find((method) => method.code === request.serviceMethod)?.name ?? '';
}

/** One computed deadline of a trigger, with the rule (and, for a chained rule, the parent) it came from. */
export interface PlannedDeadline extends DeadlineComputation {
  ruleCode: string;
  parentRuleCode?: string;
}

/** A rule set's rules by trigger event and by the rule they chain from, in the rule set's order. */
interface RuleSetIndex {
  byEvent: Map<string, DeadlineRuleDefinition[]>;
  children: Map<string, DeadlineRuleDefinition[]>;
}

/**
 * Built once per rule-set object (rule sets are frozen data): planning a trigger used to filter every
 * rule of the set once per planned deadline, most of the calculator's time after date conversion.
 */
const ruleSetIndexes = new WeakMap<RuleSetDefinition, RuleSetIndex>();

function indexOf(ruleSet: RuleSetDefinition): RuleSetIndex {
  let index = ruleSetIndexes.get(ruleSet);
  if (!index) {
    index = { byEvent: new Map(), children: new Map() };
    const add = (map: Map<string, DeadlineRuleDefinition[]>, key: string, rule: DeadlineRuleDefinition) => {
      const list = map.get(key);
      if (list) list.push(rule);
      else map.set(key, [rule]);
    };
    for (const rule of ruleSet.rules) {
      if (rule.triggerEvent !== undefined) add(index.byEvent, rule.triggerEvent, rule);
      if (rule.triggerRule !== undefined) add(index.children, rule.triggerRule, rule);
    }
    ruleSetIndexes.set(ruleSet, index);
  }
  return index;
}

/**
 * Every deadline a trigger event starts in a rule set, chains included: a rule triggered by
 * another rule counts from that rule's deadline — or from the date a lawyer set by hand
 * (`fixedDates`), since a chained deadline must follow the date actually in force.
 */
export function planDeadlines(input: {
  ruleSet: RuleSetDefinition;
  triggerEvent: string;
  triggerDate: CalendarDate;
  triggerTime?: string;
  serviceMethod?: string;
  calendar: CourtCalendar;
  fixedDates?: ReadonlyMap<string, CalendarDate>;
}): PlannedDeadline[] {
  const { ruleSet } = input;
  const event = ruleSet.triggerEvents.find((candidate) => candidate.code === input.triggerEvent);
  if (!event)
    throw new DeadlineComputationError(`rule set ${ruleSet.id} has no trigger event ${input.triggerEvent}`);
  const planned: PlannedDeadline[] = [];
  const index = indexOf(ruleSet);
  const queue: Array<{ rule: DeadlineRuleDefinition; date: CalendarDate; label: string; parent?: string }> = (
    index.byEvent.get(input.triggerEvent) ?? []
  ).map((rule) => ({ rule, date: input.triggerDate, label: event.name }));
  const seen = new Set<string>();
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next.rule.code)) continue;
    seen.add(next.rule.code);
    const computed = computeDeadline({
      ruleSet,
      rule: next.rule,
      triggerDate: next.date,
      triggerLabel: next.label,
      calendar: input.calendar,
      ...(input.triggerTime ? { triggerTime: input.triggerTime } : {}),
      // The service extension belongs to service of the triggering paper, not to a chained deadline.
      ...(input.serviceMethod && !next.parent ? { serviceMethod: input.serviceMethod } : {}),
    });
    planned.push({
      ...computed,
      ruleCode: next.rule.code,
      ...(next.parent ? { parentRuleCode: next.parent } : {}),
    });
    const fixed = input.fixedDates?.get(next.rule.code);
    for (const child of index.children.get(next.rule.code) ?? []) {
      queue.push({
        rule: child,
        date: fixed ?? computed.dueDate,
        label: fixed ? `${next.rule.name} (date set by hand)` : `${next.rule.name} (computed deadline)`,
        parent: next.rule.code,
      });
    }
  }
  return planned;
}

/** Refuses a rule set whose data cannot be computed: unknown units, chains to nowhere, cycles. */
export function checkRuleSet(ruleSet: RuleSetDefinition): string[] {
  const problems: string[] = [];
  const codes = new Set(ruleSet.rules.map((rule) => rule.code));
  const events = new Set(ruleSet.triggerEvents.map((event) => event.code));
  if (codes.size !== ruleSet.rules.length) problems.push('rule codes are not unique');
  for (const rule of ruleSet.rules) {
    if ((rule.triggerEvent === undefined) === (rule.triggerRule === undefined))
      problems.push(`${rule.code}: needs exactly one of triggerEvent and triggerRule`);
    if (rule.triggerEvent !== undefined && !events.has(rule.triggerEvent))
      problems.push(`${rule.code}: unknown trigger event ${rule.triggerEvent}`);
    if (rule.triggerRule !== undefined && !codes.has(rule.triggerRule))
      problems.push(`${rule.code}: chains to unknown rule ${rule.triggerRule}`);
    if (!Number.isInteger(rule.period.amount) || rule.period.amount < 0)
      problems.push(`${rule.code}: bad period`);
    if (!['days', 'court-days', 'hours'].includes(rule.period.unit)) problems.push(`${rule.code}: bad unit`);
    if (!rule.citation.trim()) problems.push(`${rule.code}: no citation`);
  }
  for (const rule of ruleSet.rules) {
    const path = new Set<string>();
    let current: DeadlineRuleDefinition | undefined = rule;
    while (current?.triggerRule !== undefined) {
      if (path.has(current.code)) {
        problems.push(`${rule.code}: chain loops`);
        break;
      }
      path.add(current.code);
      current = ruleSet.rules.find((candidate) => candidate.code === current!.triggerRule);
    }
  }
  return problems;
}
