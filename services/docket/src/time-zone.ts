import { ValidateBy, type ValidationOptions } from 'class-validator';

/** Whether `zone` is an IANA time zone the runtime knows (e.g. America/New_York, UTC). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** DTO decorator: an IANA time zone name the runtime knows. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => isTimeZone(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an IANA time zone such as America/New_York or UTC`,
      },
    },
    options,
  );
}
