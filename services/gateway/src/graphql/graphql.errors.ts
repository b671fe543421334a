import type { FieldError } from '@lawfirm/errors';

/**
 * An error carrying the stable code a REST caller would get in problem+json (`code`), the HTTP
 * status the REST route answered and its field-level errors, all under `extensions`. A plain Error
 * on purpose: graphql-js and graphql-jit both keep a thrown error as `originalError` and copy its
 * `extensions`, while graphql-jit re-wraps a thrown GraphQLError and drops them.
 */
export class GraphqlOperationError extends Error {
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'GraphqlOperationError';
    this.extensions = { code, status, ...(fieldErrors.length ? { errors: fieldErrors } : {}) };
  }
}

/** Codes of the gateway's own GraphQL refusals (before anything is forwarded). */
export const GraphqlErrorCode = {
  depthLimit: 'graphql_depth_limit_exceeded',
  costLimit: 'graphql_cost_limit_exceeded',
  invalidQuery: 'graphql_validation_failed',
  badArgument: 'validation_failed',
} as const;
