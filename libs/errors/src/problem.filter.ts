import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError } from './domain-error';
import { problem, PROBLEM_CONTENT_TYPE, STATUS_BY_KIND, type ProblemDocument } from './problem';

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}
interface RequestLike {
  id?: string;
  url?: string;
  headers?: Record<string, string | string[] | undefined>;
}

/** Maps every error to problem+json exactly once. A 5xx carries an error id that is logged with the cause. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<ReplyLike>();
    const request = http.getRequest<RequestLike>();
    const body = this.toProblem(exception);
    body.instance = request.url?.split('?')[0];
    const requestId = request.headers?.['x-request-id'];
    if (typeof requestId === 'string') body.requestId = requestId;
    if (body.status === 429 && typeof body.retryAfterSeconds === 'number') {
      reply.header('retry-after', String(body.retryAfterSeconds));
    }
    reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof DomainError) {
      const status = STATUS_BY_KIND[exception.kind];
      return problem(status, exception.code, exception.message, {
        ...(exception.fieldErrors.length ? { errors: exception.fieldErrors } : {}),
        ...exception.extensions,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) return this.serverError(exception);
      const response = exception.getResponse();
      const detail =
        typeof response === 'string'
          ? response
          : typeof (response as { message?: unknown }).message === 'string'
            ? (response as { message: string }).message
            : exception.message;
      return problem(status, codeForStatus(status), detail);
    }
    const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Errors raised by Fastify itself before our code runs: bad JSON, body too large, wrong media type.
      return problem(fastifyStatus, codeForStatus(fastifyStatus), (exception as Error).message);
    }
    return this.serverError(exception);
  }

  private serverError(exception: unknown): ProblemDocument {
    const errorId = randomUUID();
    this.logger.error(
      {
        errorId,
        err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : exception,
      },
      'unhandled error',
    );
    return problem(
      500,
      'internal_error',
      'An unexpected error occurred. Quote the error id when reporting it.',
      {
        errorId,
      },
    );
  }
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rate_limited';
    default:
      return 'client_error';
  }
}
