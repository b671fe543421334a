import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@lawfirm/errors';
import { validateLedes1998, type LedesValidation } from './ledes-1998.validator';

@Injectable()
export class LedesService {
  /** Checks a LEDES 1998B/1998BI file sent as text; reading it changes nothing. */
  validate(file: unknown): LedesValidation {
    if (typeof file !== 'string')
      throw new ValidationFailedError([
        { field: 'body', message: 'send the LEDES file itself as text/plain' },
      ]);
    return validateLedes1998(file);
  }
}

// What other billing features build on (the invoice documents write the PDF and CSV from the same
// model): the invoice model, its amount formatting, and sample invoices for their specs.
export type {
  EbillingProfile,
  LedesAddress,
  LedesClassification,
  LedesInvoice,
  LedesLine,
  LedesLineType,
  LedesParty,
  LedesTax,
  LedesTimekeeper,
} from './ledes-invoice';
export { formatMinor, formatRateBasisPoints, formatUnits, minorUnitDigits } from './ledes-amounts';
export { sampleInvoice, sampleLine } from './sample-invoices';
