import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '@lawfirm/auth';
import { serviceForPath, type DomainServiceName } from '@lawfirm/contracts';
import { NotFoundError } from '@lawfirm/errors';
import { Forwarder, type ForwardResponse } from './forwarder.service';
import {
  IDEMPOTENT_METHODS,
  IdempotencyStore,
  idempotencyKeyOf,
  REPLAYED_HEADER,
  requestFingerprint,
} from './idempotency';
import { streamedBodyOf } from './streamed-body';

/** One request in this many with a key also forgets the firm's expired keys. */
const PURGE_EVERY = 200;

/**
 * The service's own "this key's request is still running" (it committed, or is committing, under
 * this key, and has no answer to give yet): not an outcome, so the key stays in doubt.
 */
function serviceStillRunning(response: ForwardResponse): boolean {
  return (
    response.status === 409 &&
    response.body.includes('"idempotency_in_progress"') &&
    (response.contentType ?? '').startsWith('application/problem+json')
  );
}

/** Every other /v1 route: authenticated here, then forwarded to the service that owns it (the HTTP manifest says which). */
@ApiExcludeController()
@Controller()
export class ProxyController {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly idempotency: IdempotencyStore,
  ) {}

  @All('v1/*')
  async forward(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const path = request.url.split('?')[0] ?? request.url;
    const service = serviceForPath(path);
    if (!service) throw new NotFoundError('route', `${request.method} ${path}`);
    const key = IDEMPOTENT_METHODS.has(request.method) ? idempotencyKeyOf(request.headers) : undefined;
    const upload = streamedBodyOf(request);
    if (key === undefined || upload !== undefined) {
      await this.relay(service, actor, request, reply, upload, key);
      return;
    }
    const run = (): Promise<ForwardResponse> =>
      this.forwarder.forward(service, actor, {
        method: request.method,
        url: request.url,
        body: request.body,
        requestId: request.id,
        idempotencyKey: key,
      });
    const response = await this.runOnce(actor, key, request, run, reply);
    if (response.replayed) void reply.header(REPLAYED_HEADER, 'true');
    void reply.status(response.status);
    if (response.contentType) void reply.header('content-type', response.contentType);
    await reply.send(response.body);
  }

  /**
   * A request without a key, or a streamed upload: its body (a multipart upload as it arrives) and
   * a file answer are piped through, not buffered. An upload's key goes to the service, which
   * claims it in the transaction of the change (a stream cannot be fingerprinted and kept here).
   */
  private async relay(
    service: DomainServiceName,
    actor: Actor,
    request: FastifyRequest,
    reply: FastifyReply,
    upload: Readable | undefined,
    key: string | undefined,
  ): Promise<void> {
    const response = await this.forwarder.relay(service, actor, {
      method: request.method,
      url: request.url,
      requestId: request.id,
      ...(upload === undefined
        ? { body: request.body }
        : {
            streamedBody: {
              stream: upload,
              contentType: request.headers['content-type'] ?? 'multipart/form-data',
              ...(request.headers['content-length'] === undefined
                ? {}
                : { contentLength: request.headers['content-length'] }),
            },
          }),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    if (response.replayed) void reply.header(REPLAYED_HEADER, 'true');
    void reply.status(response.status);
    for (const [name, value] of Object.entries(response.headers)) void reply.header(name, value);
    await reply.send(response.body);
  }

  /** Runs a keyed request at most once per key; a retry gets the first answer (see IdempotencyStore). */
  private async runOnce(
    actor: Actor,
    key: string,
    request: FastifyRequest,
    run: () => Promise<ForwardResponse>,
    reply: FastifyReply,
  ): Promise<ForwardResponse> {
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const start = await this.idempotency.begin(actor, key, request.method, request.url, fingerprint);
    if (start.kind === 'replay') {
      void reply.header(REPLAYED_HEADER, 'true');
      return start.response;
    }
    let response: ForwardResponse;
    try {
      response = await run();
    } catch (error) {
      await this.idempotency.markInDoubt(actor, key);
      throw error;
    }
    if (response.status >= 500 || serviceStillRunning(response))
      await this.idempotency.markInDoubt(actor, key);
    else await this.idempotency.complete(actor, key, response);
    if (Math.random() < 1 / PURGE_EVERY)
      void this.idempotency.purgeExpired(actor.firmId).catch(() => undefined);
    return response;
  }
}
