import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@lawfirm/primitives';

/** The last day the engine computes from or to: later dates are typing mistakes, and year 10000 has no YYYY-MM-DD. */
export const LATEST_COURT_DATE = '2199-12-31';

/** DTO decorator: a calendar date (YYYY-MM-DD, from 1900) no later than `LATEST_COURT_DATE`. */
export function IsCourtDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCourtDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && value <= LATEST_COURT_DATE,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a calendar date written YYYY-MM-DD, from 1900 to ${LATEST_COURT_DATE}`,
      },
    },
    options,
  );
}
