import { resolveRate, type RateQuery, type RateRuleFacts } from './rates.rules';

const MATTER = 'm-1';
const CLIENT = 'c-1';
const KEEPER = 'tk-1';

function rule(overrides: Partial<RateRuleFacts> & Pick<RateRuleFacts, 'id' | 'scope'>): RateRuleFacts {
  return {
    matterId: null,
    clientId: null,
    timekeeperId: null,
    activityCode: null,
    rateMinor: 10000,
    currency: 'USD',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    ...overrides,
  };
}

const query: RateQuery = {
  matterId: MATTER,
  clientId: CLIENT,
  timekeeperId: KEEPER,
  activityCode: 'A103',
  workDate: '2026-06-15',
  currency: 'USD',
};

const all: RateRuleFacts[] = [
  rule({ id: 'default', scope: 'timekeeper', timekeeperId: KEEPER, rateMinor: 10000 }),
  rule({ id: 'activity', scope: 'activity', activityCode: 'A103', rateMinor: 20000 }),
  rule({ id: 'client', scope: 'client', clientId: CLIENT, rateMinor: 30000 }),
  rule({ id: 'matter', scope: 'matter', matterId: MATTER, rateMinor: 40000 }),
  rule({
    id: 'matter-keeper',
    scope: 'matter-timekeeper',
    matterId: MATTER,
    timekeeperId: KEEPER,
    rateMinor: 50000,
  }),
];

describe('resolveRate', () => {
  it('takes the matter-specific timekeeper rate over every other', () => {
    expect(resolveRate(all, query)).toEqual({
      rateMinor: 50000,
      ruleId: 'matter-keeper',
      scope: 'matter-timekeeper',
    });
  });

  it('falls through matter, client, activity and the default in that order', () => {
    const without = (ids: string[]) => all.filter((candidate) => !ids.includes(candidate.id));
    expect(resolveRate(without(['matter-keeper']), query)?.ruleId).toBe('matter');
    expect(resolveRate(without(['matter-keeper', 'matter']), query)?.ruleId).toBe('client');
    expect(resolveRate(without(['matter-keeper', 'matter', 'client']), query)?.ruleId).toBe('activity');
    expect(resolveRate(without(['matter-keeper', 'matter', 'client', 'activity']), query)?.ruleId).toBe(
      'default',
    );
  });

  it('ignores rules of another matter, client, timekeeper, activity or currency', () => {
    const others = [
      rule({ id: 'a', scope: 'matter-timekeeper', matterId: MATTER, timekeeperId: 'tk-2' }),
      rule({ id: 'b', scope: 'matter', matterId: 'm-2' }),
      rule({ id: 'c', scope: 'client', clientId: 'c-2' }),
      rule({ id: 'd', scope: 'activity', activityCode: 'A104' }),
      rule({ id: 'e', scope: 'timekeeper', timekeeperId: KEEPER, currency: 'EUR' }),
    ];
    expect(resolveRate(others, query)).toBeNull();
    expect(
      resolveRate([rule({ id: 'd', scope: 'activity', activityCode: 'A103' })], {
        ...query,
        activityCode: null,
      }),
    ).toBeNull();
  });

  it('applies a scheduled increase from its first day and the old rate until the day before', () => {
    const rules = [
      rule({ id: 'old', scope: 'matter', matterId: MATTER, rateMinor: 40000, effectiveFrom: '2026-01-01' }),
      rule({ id: 'new', scope: 'matter', matterId: MATTER, rateMinor: 45000, effectiveFrom: '2026-07-01' }),
    ];
    expect(resolveRate(rules, { ...query, workDate: '2026-06-30' })?.ruleId).toBe('old');
    expect(resolveRate(rules, { ...query, workDate: '2026-07-01' })?.ruleId).toBe('new');
  });

  it('treats effectiveTo as the last day and ignores a rule not yet in effect', () => {
    const ended = rule({ id: 'ended', scope: 'matter', matterId: MATTER, effectiveTo: '2026-06-15' });
    expect(resolveRate([ended], query)?.ruleId).toBe('ended');
    expect(resolveRate([ended], { ...query, workDate: '2026-06-16' })).toBeNull();
    const future = rule({ id: 'future', scope: 'matter', matterId: MATTER, effectiveFrom: '2026-06-16' });
    expect(resolveRate([future], query)).toBeNull();
  });

  it('falls to a lower level when the higher one has ended', () => {
    const rules = [
      rule({ id: 'matter', scope: 'matter', matterId: MATTER, effectiveTo: '2026-03-31', rateMinor: 40000 }),
      rule({ id: 'default', scope: 'timekeeper', timekeeperId: KEEPER, rateMinor: 10000 }),
    ];
    expect(resolveRate(rules, query)).toEqual({ rateMinor: 10000, ruleId: 'default', scope: 'timekeeper' });
  });
});
