import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { largeBodyRoutesOf } from '@lawfirm/contracts';

/**
 * Gives billing's routes the body limits the HTTP manifest names (a LEDES file to validate is
 * larger than a JSON request). Set as each route is registered: Nest registers routes at init,
 * after providers are built, so this hook, added while the module's providers are built, sees them.
 */
@Injectable()
export class ManifestBodyLimits {
  constructor(adapterHost: HttpAdapterHost) {
    const limits = new Map(largeBodyRoutesOf('billing').map((route) => [route.path, route.bodyLimitBytes]));
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRoute', (route) => {
      const limit = limits.get(route.url);
      if (route.method === 'POST' && limit !== undefined) route.bodyLimit = limit;
    });
  }
}
