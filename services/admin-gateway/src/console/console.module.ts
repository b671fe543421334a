import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@lawfirm/observability';
import { LOGGER } from '@lawfirm/platform';

/** Where `npm run console:build` writes the console (services/admin-gateway/console/dist). */
export const CONSOLE_DIST = join(__dirname, '..', '..', 'console', 'dist');

/**
 * The page may load scripts, styles and images from this origin only and call only this origin's
 * API: no inline script, no eval, no other host, not framed.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The operations console: static files built by Vite, served under /console/. Every action it
 * offers is a call to this gateway's API with the operator's token, audited like any other call.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!existsSync(join(CONSOLE_DIST, 'index.html'))) {
      this.logger.warn(
        { dir: CONSOLE_DIST },
        'operations console not built (npm run console:build); /console answers 503',
      );
      const notBuilt = async (_request: FastifyRequest, reply: FastifyReply): Promise<unknown> =>
        reply.status(503).type('application/problem+json').send({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          code: 'console_not_built',
          detail: 'The operations console has not been built: run npm run console:build.',
        });
      fastify.get('/console', notBuilt);
      fastify.get('/console/*', notBuilt);
      return;
    }
    fastify.get('/console', async (_request, reply) => reply.redirect('/console/', 301));
    void fastify.register(fastifyStatic, {
      root: CONSOLE_DIST,
      prefix: '/console/',
      redirect: true,
      index: 'index.html',
      decorateReply: false,
      dotfiles: 'deny',
      setHeaders: (reply, path) => {
        reply.setHeader('content-security-policy', CONSOLE_CSP);
        reply.setHeader('x-content-type-options', 'nosniff');
        reply.setHeader('referrer-policy', 'no-referrer');
        reply.setHeader('x-frame-options', 'DENY');
        reply.setHeader('cross-origin-opener-policy', 'same-origin');
        // Hashed asset names never change; the page itself is always revalidated.
        reply.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
}
