/**
 * Base class for errors a service raises on purpose. Each carries a stable code that
 * integrators can branch on; the global filter maps it to problem+json once.
 */
export type DomainErrorKind =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super('not-found', `${resource}_not_found`, `${capitalise(resource)} ${id} was not found.`);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fieldErrors: FieldError[], message = 'The request is not valid.') {
    super('validation', 'validation_failed', message, fieldErrors);
  }
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, ' ');
}
