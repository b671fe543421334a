import { QueryFailedError } from 'typeorm';

/**
 * Whether a query failed because it would break the named unique constraint or index. The
 * index is the guard (it holds under concurrent requests); this only lets a service answer
 * with a meaningful 409 instead of a 500.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown } | undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
