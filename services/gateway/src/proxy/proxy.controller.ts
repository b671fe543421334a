import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '@lawfirm/auth';
import { NotFoundError } from '@lawfirm/errors';
import { Forwarder } from './forwarder';
import { routeFor } from './service-router';

/** Every other /v1 route: authenticated here, then forwarded to the service that owns it. */
@ApiExcludeController()
@Controller()
export class ProxyController {
  constructor(private readonly forwarder: Forwarder) {}

  @All('v1/*')
  async forward(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const path = request.url.split('?')[0] ?? request.url;
    const service = routeFor(path);
    if (!service) throw new NotFoundError('route', `${request.method} ${path}`);
    const traceparent = request.headers.traceparent;
    const response = await this.forwarder.forward(service, actor, {
      method: request.method,
      url: request.url,
      body: request.body,
      requestId: request.id,
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
    });
    void reply.status(response.status);
    if (response.contentType) void reply.header('content-type', response.contentType);
    await reply.send(response.body);
  }
}
