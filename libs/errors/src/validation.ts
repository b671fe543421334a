import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
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

/**
 * Nest validates a missing or JSON `null` body as `{}`. A missing body is fine where every field is
 * optional (the document says so with `required: false`), but `null` is never the object a route
 * documents, so it is refused like any other body of the wrong type.
 */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value === null && typeof metadata.metatype === 'function')
      throw new ValidationFailedError([
        { field: 'body', message: 'the body must be a JSON object, not null' },
      ]);
    return super.transform(value, metadata);
  }
}

/** The one validation pipe every controller runs behind: whitelist, forbid unknown, transform. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
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
