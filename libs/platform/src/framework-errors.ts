import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemFilter,
  type ProblemDocument,
} from '@lawfirm/errors';

/** Longest path parameter the router matches (Fastify's default); a longer one answers 414. */
export const MAX_PATH_PARAM_LENGTH = 100;

const problems = new ProblemFilter();

/**
 * What the router answers before any route runs: a path parameter over MAX_PATH_PARAM_LENGTH
 * characters, a path with broken percent-encoding. Fastify's own answer is plain JSON echoing
 * the path; ours is problem+json with a stable code, and neither the detail nor `instance`
 * repeats the path (it is the caller's text, and may be megabytes of it).
 */
export function frameworkErrorProblem(error: unknown): ProblemDocument {
  switch ((error as { code?: unknown } | undefined)?.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(
        414,
        'uri_too_long',
        `A path segment is longer than ${MAX_PATH_PARAM_LENGTH} characters.`,
        { title: 'URI Too Long' },
      );
    case 'FST_ERR_BAD_URL':
      return problem(400, 'bad_url', 'The path is not a valid URL (malformed percent-encoding).');
    default:
      return problems.toProblem(error);
  }
}

/** Fastify's `frameworkErrors` option: answers the router's refusals as problem+json. */
export function answerFrameworkError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const body = frameworkErrorProblem(error);
  body.requestId = request.id;
  void reply
    .status(body.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-request-id', request.id)
    .send(body);
}

/** A request that reached an instance after it began to shut down: another instance will take it. */
export class ShuttingDownError extends DomainError {
  constructor() {
    super('unavailable', 'shutting_down', 'This instance is shutting down; send the request again.');
  }
}

/**
 * A request that arrives on a kept-alive connection after `close()` began. Fastify's own answer
 * (`return503OnClosing`, which must be off for this to run) is a fixed plain-JSON 503 that no hook
 * sees; ours is problem+json 503 `shutting_down` with `Connection: close` (the API fuzzer found the
 * plain one through the gateway while a stack stopped).
 */
export function refuseWhileClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    throw new ShuttingDownError();
  });
}
