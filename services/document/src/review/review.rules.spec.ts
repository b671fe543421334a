import { privilegeProblems } from './review.rules';

describe('privilegeProblems', () => {
  it('accepts no privilege call at all', () => {
    expect(privilegeProblems([], undefined, undefined)).toEqual([]);
  });

  it('needs a treatment and a description with every privilege claim', () => {
    expect(privilegeProblems(['work-product'], undefined, undefined).map((problem) => problem.field)).toEqual(
      ['privilegeTreatment', 'privilegeDescription'],
    );
    expect(privilegeProblems(['attorney-client'], 'withheld', 'Advice on the merger')).toEqual([]);
  });

  it('refuses a treatment without a privilege basis', () => {
    expect(privilegeProblems([], 'redacted', undefined)).toEqual([
      { field: 'privilegeTreatment', message: 'privilegeTreatment needs privilegeTypes' },
    ]);
  });
});
