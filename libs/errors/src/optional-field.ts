import { ValidateBy, ValidateIf, type ValidationError, type ValidationOptions } from 'class-validator';

const NOT_NULL_FIELDS = Symbol('lawfirm:not-null-fields');

/**
 * An optional field whose column is NOT NULL: absent is fine (nothing changes, or the default
 * applies), explicit `null` is a 400 "<field> must not be null". `@IsOptional()` lets null through
 * to the database (a 500) or into a NOT NULL column's update; use this instead wherever null does
 * not mean "clear it".
 */
export function IsOptionalNotNull(options: ValidationOptions = {}): PropertyDecorator {
  const skipWhenAbsent = ValidateIf((_object: object, value: unknown) => value !== undefined, options);
  const refuseNull = ValidateBy(
    {
      name: 'isNotNull',
      validator: {
        validate: (value: unknown) => value !== null,
        defaultMessage: (args) => `${args?.property ?? 'value'} must not be null`,
      },
    },
    options,
  );
  return (target: object, property: string | symbol) => {
    skipWhenAbsent(target, property);
    refuseNull(target, property);
    const fields = new Set<string | symbol>(
      (Reflect.getMetadata(NOT_NULL_FIELDS, target) as Set<string | symbol> | undefined) ?? [],
    );
    fields.add(property);
    Reflect.defineMetadata(NOT_NULL_FIELDS, fields, target);
  };
}

/**
 * True when `error` is about a null given to an @IsOptionalNotNull field. The pipe stops at a
 * field's first broken rule, which may be another decorator's ("must be an integer"); the caller
 * should read the one that matters.
 */
export function isNullOnNotNullField(error: ValidationError): boolean {
  if (error.value !== null || typeof error.target !== 'object' || error.target === null) return false;
  const fields = Reflect.getMetadata(NOT_NULL_FIELDS, error.target) as Set<string | symbol> | undefined;
  return fields?.has(error.property) ?? false;
}
