import type { FieldError } from '@lawfirm/errors';

export interface InstalmentTerms {
  dueOn: string;
  amountMinor: number;
}

/** Instalments must add up to exactly what is open, on days that follow one another. */
export function instalmentProblems(instalments: readonly InstalmentTerms[], openMinor: number): FieldError[] {
  const problems: FieldError[] = [];
  instalments.forEach((instalment, index) => {
    const previous = instalments[index - 1];
    if (previous && instalment.dueOn <= previous.dueOn)
      problems.push({
        field: `instalments[${index}].dueOn`,
        message: 'instalments must fall on later days, in order',
      });
  });
  const sum = instalments.reduce((total, instalment) => total + instalment.amountMinor, 0);
  if (sum !== openMinor)
    problems.push({
      field: 'instalments',
      message: `instalments must add up to the open amount, ${openMinor} (they add up to ${sum})`,
    });
  return problems;
}

export type InstalmentStatus = 'paid' | 'due' | 'overdue';

/**
 * Each instalment's status from what was paid on the invoice since the plan was agreed: payments fill the
 * instalments in date order; one not filled is overdue once its day has passed (`asOf` after `dueOn`).
 */
export function instalmentStatuses(
  instalments: readonly InstalmentTerms[],
  paidSincePlanMinor: number,
  asOf: string,
): Array<InstalmentTerms & { paidMinor: number; status: InstalmentStatus }> {
  let remaining = Math.max(0, paidSincePlanMinor);
  return instalments.map((instalment) => {
    const paidMinor = Math.min(instalment.amountMinor, remaining);
    remaining -= paidMinor;
    const status: InstalmentStatus =
      paidMinor >= instalment.amountMinor ? 'paid' : instalment.dueOn < asOf ? 'overdue' : 'due';
    return { ...instalment, paidMinor, status };
  });
}
