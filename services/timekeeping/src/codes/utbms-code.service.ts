import { Injectable } from '@nestjs/common';
import { utbmsCodes, type UtbmsCode, type UtbmsCodeSet } from './utbms';

// The code sets are reference data, the same for every firm: other features check codes with
// these pure functions (no injection needed), and this file is the one place they come from.
export { assertKnownTimeCodes } from './code-validation';
export { EXPENSE_CODES, findUtbmsCode, isTaskCode } from './utbms';

@Injectable()
export class UtbmsCodeService {
  /** One code set, or every set when none is given. */
  list(set?: UtbmsCodeSet): readonly UtbmsCode[] {
    return utbmsCodes(set);
  }
}
