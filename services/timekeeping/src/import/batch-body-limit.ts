import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const BATCH_IMPORT_PATH = '/v1/time-entries:batch';

/**
 * 10,000 rows of JSON run to a few MB (about 250 bytes a row with a short narrative), past
 * the 1 MiB every route gets. 16 MiB leaves room for long narratives; a bigger batch answers
 * 413 and should be split.
 */
export const BATCH_IMPORT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Raises Fastify's body limit for the batch-import route only. Call it before the app is
 * initialised (StartOptions.configure): Nest registers its routes at init, and this hook sets
 * the limit as that route is registered.
 */
export function allowLargeImportBodies(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      // Fastify keeps the route as declared, with the colon escaped as `::`.
      if (route.method === 'POST' && route.url.replace('::', ':') === BATCH_IMPORT_PATH) {
        route.bodyLimit = BATCH_IMPORT_BODY_LIMIT_BYTES;
      }
    });
}
