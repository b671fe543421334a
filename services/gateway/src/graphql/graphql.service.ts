import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GraphQLError, getOperationAST, parse, type ExecutionResult } from 'graphql';
import type { Actor } from '@lawfirm/auth';
import { requestFingerprint } from '@lawfirm/database';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';
import { Forwarder } from '../proxy/forwarder.service';
import { IdempotencyStore } from '../proxy/idempotency.service';
import { GraphqlErrorCode, GraphqlOperationError } from './graphql.errors';
import { Loaders } from './loaders';
import type { GraphqlContext } from './resolvers';
import { UpstreamCalls } from './upstream';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface GraphqlAnswer {
  status: number;
  body: Buffer;
  replayed: boolean;
}

/** Mercurius's validation failure: the GraphQL errors of a query that cannot run. */
interface MercuriusValidationError extends Error {
  errors?: readonly GraphQLError[];
}

/**
 * Runs one GraphQL operation for an authenticated caller with Mercurius (graphql-jit once a query
 * was seen, parsed documents cached). A mutation sent with Idempotency-Key is run at most once per
 * key through the same store as REST's keyed writes: a retry gets the first answer, the key with
 * another operation 422, a retry while it runs 409; its writes reach the services under keys
 * derived from it, so an operation left in doubt by a 5xx is settled by the services on retry.
 */
@Injectable()
export class GraphqlService {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly forwarder: Forwarder,
    private readonly idempotency: IdempotencyStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(
    actor: Actor,
    requestId: string,
    request: GraphqlRequest,
    idempotencyKey: string | undefined,
  ): Promise<GraphqlAnswer> {
    const key = idempotencyKey !== undefined && isMutation(request) ? idempotencyKey : undefined;
    if (key === undefined) return this.run(actor, requestId, request, undefined);
    const fingerprint = requestFingerprint('POST', '/graphql', request);
    const start = await this.idempotency.begin(actor, key, 'POST', '/graphql', fingerprint);
    if (start.kind === 'replay')
      return { status: start.response.status, body: start.response.body, replayed: true };
    let answer: GraphqlAnswer & { inDoubt: boolean };
    try {
      answer = await this.run(actor, requestId, request, key);
    } catch (error) {
      await this.idempotency.markInDoubt(actor, key);
      throw error;
    }
    if (answer.inDoubt) await this.idempotency.markInDoubt(actor, key);
    else
      await this.idempotency.complete(actor, key, {
        status: answer.status,
        contentType: 'application/json',
        body: answer.body,
      });
    return { status: answer.status, body: answer.body, replayed: false };
  }

  private async run(
    actor: Actor,
    requestId: string,
    request: GraphqlRequest,
    idempotencyKey: string | undefined,
  ): Promise<GraphqlAnswer & { inDoubt: boolean }> {
    const upstream = new UpstreamCalls(this.forwarder, actor, requestId, idempotencyKey);
    const context: GraphqlContext & { operationName?: string } = {
      upstream,
      loaders: new Loaders(upstream),
      ...(request.operationName === undefined ? {} : { operationName: request.operationName }),
    };
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    let status = 200;
    let result: ExecutionResult;
    let refused: Array<GraphQLError | GraphqlOperationError> | undefined;
    try {
      result = await fastify.graphql(request.query, context, request.variables, request.operationName);
    } catch (error) {
      status = 400;
      refused = this.requestErrors(error);
      result = {};
    }
    const phase = refused !== undefined || result.data === undefined ? 'request' : 'execution';
    const errors = (refused ?? result.errors)?.map((error) => this.present(error, requestId, phase));
    if (result.data === undefined && status === 200) status = 400;
    const body = Buffer.from(
      JSON.stringify({
        ...(errors ? { errors } : {}),
        ...(result.data === undefined ? {} : { data: result.data }),
        extensions: { upstreamCalls: upstream.counts },
      }),
    );
    return { status, body, replayed: false, inDoubt: upstream.inDoubt };
  }

  /** A query refused before it ran (syntax, validation, variables, limits). */
  private requestErrors(error: unknown): Array<GraphQLError | GraphqlOperationError> {
    if (error instanceof GraphQLError || error instanceof GraphqlOperationError) return [error];
    const listed = (error as MercuriusValidationError).errors;
    if (Array.isArray(listed) && listed.length > 0) return [...listed];
    throw error;
  }

  /**
   * One error as the caller sees it. Mercurius hands execution errors back as plain
   * `{message, locations, path, extensions}` (the thrown error itself is gone), so the code travels in
   * `extensions`: a GraphqlOperationError's (a service's problem+json code, or the limits'). A request
   * error without one is graphql's own refusal (syntax, unknown field, a variable of the wrong type);
   * a field error without one is a bug here, hidden behind an error id that is logged.
   */
  private present(
    error: GraphQLError | GraphqlOperationError,
    requestId: string,
    phase: 'request' | 'execution',
  ): Record<string, unknown> {
    const place = {
      ...('locations' in error && error.locations ? { locations: error.locations } : {}),
      ...('path' in error && error.path ? { path: error.path } : {}),
    };
    const extensions = error.extensions as Record<string, unknown> | undefined;
    if (typeof extensions?.code === 'string') return { message: error.message, ...place, extensions };
    if (phase === 'request')
      return {
        message: error.message,
        ...place,
        extensions: { code: GraphqlErrorCode.invalidQuery, status: 400 },
      };
    const errorId = randomUUID();
    this.logger.error({ errorId, requestId, error: error.message, ...place }, 'GraphQL resolver failed');
    return {
      message: `An unexpected error occurred (error id ${errorId}).`,
      ...place,
      extensions: { code: 'internal_error', status: 500, errorId },
    };
  }
}

/** A keyed request is held to the REST rules only when it writes: a query runs as it is. */
function isMutation(request: GraphqlRequest): boolean {
  try {
    return getOperationAST(parse(request.query), request.operationName)?.operation === 'mutation';
  } catch {
    return false;
  }
}
