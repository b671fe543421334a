import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@lawfirm/auth';
import { Forwarder } from './forwarder.service';

/**
 * A calendar feed URL (docket's `GET /v1/calendar-feeds/:token/calendar.ics`): Outlook, Google
 * Calendar and Apple Calendar subscribe to a URL and send no Authorization header, so the secret in
 * the path is the credential and docket checks it. The one /v1 route forwarded without a bearer
 * token; it is still audited (the audit keeps `:token`, never the secret) and nothing but GET is
 * served here. Fastify matches this literal route before the proxy's wildcard.
 */
@ApiExcludeController()
@Controller()
export class CalendarFeedProxyController {
  constructor(private readonly forwarder: Forwarder) {}

  @Public()
  @Get('v1/calendar-feeds/:token/calendar.ics')
  async feed(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const response = await this.forwarder.forwardAnonymous('docket', {
      method: 'GET',
      // Path only: a query string has no meaning for a feed and is not passed on.
      url: request.url.split('?')[0] ?? request.url,
      requestId: request.id,
    });
    void reply.status(response.status);
    if (response.contentType) void reply.header('content-type', response.contentType);
    if (response.status === 200) void reply.header('cache-control', 'private, max-age=300');
    await reply.send(response.body);
  }
}
