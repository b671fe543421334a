import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { largeBodyRoutesOf } from '@lawfirm/contracts';

export const BATCH_IMPORT_PATH = '/v1/time-entries:batch';

/**
 * Raises Fastify's body limit for the routes the HTTP manifest gives a larger limit (the batch
 * import), leaving every other route at the default. Call it before the app is initialised
 * (StartOptions.configure): Nest registers its routes at init, and this hook sets the limit as
 * each route is registered.
 */
export function allowLargeImportBodies(app: NestFastifyApplication): void {
  const limits = new Map(largeBodyRoutesOf('timekeeping').map((route) => [route.path, route.bodyLimitBytes]));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      // Fastify keeps the route as declared, with a literal colon escaped as `::`.
      const limit = limits.get(route.url.replace('::', ':'));
      if (route.method === 'POST' && limit !== undefined) route.bodyLimit = limit;
    });
}
