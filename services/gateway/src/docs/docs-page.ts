import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** Serves Swagger UI from the swagger-ui-dist package (no CDN): /docs reads /openapi.json. */
export function registerDocsPage(fastify: FastifyInstance): void {
  const assets = join(require.resolve('swagger-ui-dist/package.json'), '..');
  const files: Record<string, string> = {
    'swagger-ui.css': 'text/css',
    'swagger-ui-bundle.js': 'application/javascript',
  };
  fastify.get('/docs', async (_request, reply) => {
    return reply.header('content-type', 'text/html; charset=utf-8').send(PAGE);
  });
  for (const [file, contentType] of Object.entries(files)) {
    const body = readFileSync(join(assets, file));
    fastify.get(`/docs/${file}`, async (_request, reply) =>
      reply.header('content-type', contentType).header('cache-control', 'public, max-age=86400').send(body),
    );
  }
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Law-firm back office API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true });
  </script>
</body>
</html>`;
