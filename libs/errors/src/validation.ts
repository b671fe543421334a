import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationFailedError, type FieldError } from './domain-error';
import { isNullOnNotNullField } from './optional-field';

/** Flattens nested class-validator errors into `field.path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const flat: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (isNullOnNotNullField(error)) {
      flat.push({ field, message: `${field} must not be null` });
      continue;
    }
    for (const message of Object.values(error.constraints ?? {})) {
      flat.push({ field, message: rewriteWhitelistMessage(message, field) });
    }
    if (error.children?.length) flat.push(...flattenValidationErrors(error.children, field));
  }
  return flat;
}

function rewriteWhitelistMessage(message: string, field: string): string {
  return /should not exist/.test(message) ? `${field} is not a known field` : message;
}

/** The one validation pipe every controller runs behind: whitelist, forbid unknown, transform. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // One message per field: the first rule it breaks, as a form would show it.
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    // The target and value let the factory tell a null on an @IsOptionalNotNull field from other
    // errors; neither is ever sent (the factory keeps field and message only).
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
