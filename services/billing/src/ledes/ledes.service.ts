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
