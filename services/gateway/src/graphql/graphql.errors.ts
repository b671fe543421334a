import { GraphQLError } from 'graphql';
import type { FieldError } from '@lawfirm/errors';

/**
 * A GraphQL error carrying the stable code a REST caller would get in problem+json (`code`), the
 * HTTP status the REST route answered and its field-level errors, all under `extensions`.
 */
export class GraphqlOperationError extends GraphQLError {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message, {
      extensions: { code, status, ...(fieldErrors.length ? { errors: fieldErrors } : {}) },
    });
  }
}

/** Codes of the gateway's own GraphQL refusals (before anything is forwarded). */
export const GraphqlErrorCode = {
  depthLimit: 'graphql_depth_limit_exceeded',
  costLimit: 'graphql_cost_limit_exceeded',
  invalidQuery: 'graphql_validation_failed',
  badArgument: 'validation_failed',
} as const;
