/**
 * Deadline computations per second (issue 13): the docket's calculator (`planDeadlines`, with its
 * explanation line by line, FRCP 6(a) rolls, 6(d) extensions, court days and chains) over a
 * 100-rule set for 10,000 triggers, against a bare loop that only adds each rule's days to the
 * same trigger dates, in the same run. `npm run bench:deadlines`.
 *
 * The rule set is generated from the shape of the shipped FRCP rules: 10 trigger events with 10
 * rules each — periods of 3 to 60 days after or before the event, one rule in four counted in court
 * days, one in five chained to an earlier rule of its event, service extensions on half — over the
 * US federal holiday calendar. Trigger dates are spread over 2026-2035 (seeded, the same every run),
 * a third served by mail. Knobs: BENCH_DEADLINE_TRIGGERS (10000), BENCH_DEADLINE_ROUNDS (5).
 * Aim: at least 100,000 computations per second.
 */
import { FRCP_V1 } from '../services/docket/src/rules/data/frcp.v1';
import { US_FEDERAL_HOLIDAYS_V1 } from '../services/docket/src/rules/data/us-federal.v1';
import { addDays, CourtCalendar } from '../services/docket/src/rules/court-calendar';
import {
  checkRuleSet,
  planDeadlines,
  type DeadlineRuleDefinition,
  type RuleSetDefinition,
} from '../services/docket/src/rules/deadline.rules';

const TRIGGERS = Number(process.env.BENCH_DEADLINE_TRIGGERS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_DEADLINE_ROUNDS ?? 5);
const EVENTS = 10;
const RULES_PER_EVENT = 10;

/** A small seeded generator (mulberry32), so every run computes the same triggers. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function benchRuleSet(): RuleSetDefinition {
  const random = seeded(13);
  const rules: DeadlineRuleDefinition[] = [];
  for (let event = 0; event < EVENTS; event++) {
    for (let index = 0; index < RULES_PER_EVENT; index++) {
      const chained = index > 0 && index % 5 === 0;
      const courtDays = index % 4 === 3;
      rules.push({
        code: `bench-${event}-${index}`,
        name: `Bench rule ${event}.${index}`,
        citation: `Bench R. ${event}(${index})`,
        ...(chained
          ? { triggerRule: `bench-${event}-${index - 1}` }
          : { triggerEvent: `bench-event-${event}` }),
        period: { amount: 3 + Math.floor(random() * 58), unit: courtDays ? 'court-days' : 'days' },
        direction: !chained && index % 3 === 2 ? 'before' : 'after',
        serviceExtension: !chained && index % 2 === 0,
      });
    }
  }
  return {
    ...FRCP_V1,
    id: 'bench',
    triggerEvents: Array.from({ length: EVENTS }, (_, event) => ({
      code: `bench-event-${event}`,
      name: `Bench event ${event}`,
    })),
    rules,
  };
}

function main(): void {
  const ruleSet = benchRuleSet();
  const problems = checkRuleSet(ruleSet);
  if (problems.length) throw new Error(`bench rule set: ${problems.join('; ')}`);
  const random = seeded(6);
  const start = Date.UTC(2026, 0, 1);
  const triggers = Array.from({ length: TRIGGERS }, () => ({
    triggerEvent: `bench-event-${Math.floor(random() * EVENTS)}`,
    triggerDate: new Date(start + Math.floor(random() * 3650) * 86_400_000).toISOString().slice(0, 10),
    ...(random() < 1 / 3 ? { serviceMethod: 'mail' } : {}),
  }));
  const rulesOf = new Map(
    ruleSet.triggerEvents.map((event) => [
      event.code,
      ruleSet.rules.filter((rule) =>
        rule.code.startsWith(`bench-${event.code.slice('bench-event-'.length)}-`),
      ),
    ]),
  );

  const runCalculator = (): { computations: number; ms: number; checksum: number } => {
    // A fresh calendar each round (the service builds one per request): its per-year holiday cache and
    // per-date closed-reason memo are part of the cost.
    const calendar = new CourtCalendar(US_FEDERAL_HOLIDAYS_V1);
    let computations = 0;
    let checksum = 0;
    const began = process.hrtime.bigint();
    for (const trigger of triggers) {
      const planned = planDeadlines({ ruleSet, calendar, ...trigger });
      computations += planned.length;
      checksum += planned[planned.length - 1]!.dueDate.charCodeAt(9);
    }
    return { computations, ms: Number(process.hrtime.bigint() - began) / 1e6, checksum };
  };

  const runBareLoop = (): { computations: number; ms: number; checksum: number } => {
    let computations = 0;
    let checksum = 0;
    const began = process.hrtime.bigint();
    for (const trigger of triggers) {
      for (const rule of rulesOf.get(trigger.triggerEvent)!) {
        const days = rule.direction === 'before' ? -rule.period.amount : rule.period.amount;
        checksum += addDays(trigger.triggerDate, days).charCodeAt(9);
        computations++;
      }
    }
    return { computations, ms: Number(process.hrtime.bigint() - began) / 1e6, checksum };
  };

  runCalculator();
  runBareLoop();
  const calculator: number[] = [];
  const bare: number[] = [];
  let perRound = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const computed = runCalculator();
    const added = runBareLoop();
    if (computed.computations !== added.computations)
      throw new Error(`calculator computed ${computed.computations}, bare loop ${added.computations}`);
    perRound = computed.computations;
    calculator.push(computed.computations / (computed.ms / 1000));
    bare.push(added.computations / (added.ms / 1000));
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const calculatorRate = median(calculator);
  const bareRate = median(bare);
  console.log(
    `deadlines: ${ruleSet.rules.length}-rule set, ${TRIGGERS} triggers, ${perRound} computations per round, ${ROUNDS} rounds (median)`,
  );
  console.log(
    `  calculator (planDeadlines with explanations): ${Math.round(calculatorRate).toLocaleString('en-US')} computations/s`,
  );
  console.log(
    `  bare loop (addDays only):                     ${Math.round(bareRate).toLocaleString('en-US')} computations/s`,
  );
  console.log(`  ratio calculator / bare loop: ${(calculatorRate / bareRate).toFixed(3)}x`);
  console.log(`  aim >= 100,000 computations/s: ${calculatorRate >= 100_000 ? 'met' : 'NOT met'}`);
}

main();
