import { assignBates, batesLabel } from './bates.rules';

describe('Bates rules', () => {
  it('pads the number and keeps the prefix', () => {
    expect(batesLabel('ACME', 6, 42)).toBe('ACME000042');
    expect(batesLabel('ACME-', 3, 12345)).toBe('ACME-12345');
  });

  it('numbers documents one after another from the counter, leaving the next free', () => {
    expect(assignBates(7, 3)).toEqual({ numbers: [7, 8, 9], nextAfter: 10 });
  });
});
