import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '@lawfirm/auth';
import { ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { idempotencyKeyOf, REPLAYED_HEADER } from '@lawfirm/platform';
import { GraphqlService, type GraphqlRequest } from './graphql.service';

/** The longest query text taken (a query this long is far past the cost limit anyway). */
const MAX_QUERY_LENGTH = 100_000;

/**
 * `POST /graphql` — GraphQL over HTTP (JSON body `{query, variables?, operationName?}`). It passes
 * the gateway's guard like every `/v1` route (bearer token, revocation, per-token rate limit) and
 * is audited by the same response hook; its schema is `services/gateway/schema.graphql`, so it is
 * left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller()
export class GraphqlController {
  constructor(private readonly graphql: GraphqlService) {}

  @Post('graphql')
  @HttpCode(200)
  async execute(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const operation = graphqlRequestOf(request.body);
    const answer = await this.graphql.execute(
      actor,
      request.id,
      operation,
      idempotencyKeyOf(request.headers),
    );
    if (answer.replayed) void reply.header(REPLAYED_HEADER, 'true');
    await reply
      .status(answer.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(answer.body);
  }
}

/** The body's shape, refused with 400 problem+json naming the field (nothing runs). */
export function graphqlRequestOf(body: unknown): GraphqlRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationFailedError([
      { field: 'body', message: 'the body must be a JSON object {query, variables?, operationName?}' },
    ]);
  const { query, variables, operationName, extensions, ...unknown } = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(unknown).map((field) => ({
    field,
    message: `${field} is not a field of a GraphQL request`,
  }));
  if (typeof query !== 'string' || query.trim() === '')
    errors.push({ field: 'query', message: 'query must be the GraphQL document, a non-empty string' });
  else if (query.length > MAX_QUERY_LENGTH)
    errors.push({ field: 'query', message: `query must be at most ${MAX_QUERY_LENGTH} characters` });
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    errors.push({ field: 'variables', message: 'variables must be an object of the operation’s variables' });
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    errors.push({ field: 'operationName', message: 'operationName must be a string' });
  if (
    extensions !== undefined &&
    extensions !== null &&
    (typeof extensions !== 'object' || Array.isArray(extensions))
  )
    errors.push({ field: 'extensions', message: 'extensions must be an object' });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return {
    query: query as string,
    ...(variables ? { variables: variables as Record<string, unknown> } : {}),
    ...(typeof operationName === 'string' ? { operationName } : {}),
  };
}
