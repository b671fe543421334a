import { DomainError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import type { FeeArrangementDto } from './dto/fee-arrangement.dto';

/** Practice areas in which ABA Model Rule 1.5(d) forbids contingent fees. */
const NO_CONTINGENCY = [/family|domestic|divorce|matrimonial|custody|child[- ]support|alimony/i, /criminal/i];

export class ContingencyForbiddenError extends DomainError {
  constructor(practiceArea: string) {
    super(
      'unprocessable',
      'contingency_fee_forbidden',
      `A contingent fee is not allowed in a ${practiceArea} matter (ABA Model Rule 1.5(d)).`,
      [
        {
          field: 'feeArrangement.type',
          message: `contingent fees are not allowed in ${practiceArea} matters (Rule 1.5(d))`,
        },
      ],
    );
  }
}

export function contingencyForbiddenIn(practiceArea: string | null | undefined): boolean {
  return !!practiceArea && NO_CONTINGENCY.some((pattern) => pattern.test(practiceArea));
}

/** Checks that a fee arrangement has the parts its type needs and is allowed for the practice area. */
export function assertFeeArrangement(fee: FeeArrangementDto, practiceArea: string | null | undefined): void {
  const problems: FieldError[] = [];
  const field = (name: string, message: string): void =>
    void problems.push({ field: `feeArrangement.${name}`, message });
  switch (fee.type) {
    case 'hourly':
      if (fee.flatFee) field('flatFee', 'an hourly arrangement has no flat fee; use type hybrid');
      if (fee.contingency) field('contingency', 'an hourly arrangement has no contingency; use type hybrid');
      break;
    case 'flat':
      if (!fee.flatFee) field('flatFee', 'a flat fee needs flatFee {amountMinor, currency}');
      if (fee.contingency) field('contingency', 'a flat fee has no contingency; use type hybrid');
      break;
    case 'contingency':
      if (!fee.contingency)
        field('contingency', 'a contingency fee needs contingency {settlementPercent, expensesDeducted}');
      if (fee.flatFee) field('flatFee', 'a contingency fee has no flat fee; use type hybrid');
      break;
    case 'hybrid':
      if (!fee.flatFee && !fee.contingency)
        field('type', 'a hybrid arrangement combines hourly work with a flat fee or a contingency');
      break;
  }
  if (problems.length) throw new ValidationFailedError(problems, 'The fee arrangement is incomplete.');
  const hasContingency = fee.type === 'contingency' || !!fee.contingency;
  if (hasContingency && contingencyForbiddenIn(practiceArea))
    throw new ContingencyForbiddenError(practiceArea ?? '');
}
