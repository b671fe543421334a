import './tracing';
import 'reflect-metadata';
import { Transform } from 'node:stream';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { loadSigningKey, UnauthenticatedError } from '@lawfirm/auth';
import { bodyLimitFor, DEFAULT_BODY_LIMIT_BYTES, HTTP_ROUTES, streamsBodyOn } from '@lawfirm/contracts';
import { createLogger } from '@lawfirm/observability';
import { buildOpenApi, loadConfig, runService, type StartOptions } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { BearerStrategy } from './identity/bearer.strategy';
import { RequestAuditor } from './audit/request-auditor';
import { GatewayConfig } from './config';
import { acceptStreamedBodies, isStreamedBody } from './proxy/streamed-body';
import { registerDocsPage } from './docs/docs-page';
import { registerGraphql } from './graphql/register';
import { OpenApiAggregator } from './docs/openapi-aggregator';

/**
 * Fastify reads (buffers) bodies up to the largest limit of a route whose body it parses; the
 * preParsing hook below holds every other path to its own. A streamed upload is never buffered.
 */
const MAX_BODY_LIMIT_BYTES = Math.max(
  DEFAULT_BODY_LIMIT_BYTES,
  ...HTTP_ROUTES.map((rule) => (rule.streamedBody ? 0 : (rule.bodyLimitBytes ?? 0))),
);

/**
 * The limit of this request's body: a multipart body on a streamed route gets the route's limit
 * (enforced while it streams); anything else on such a route is parsed, so it gets the default.
 */
function bodyLimitOf(request: FastifyRequest): { limit: number; streamed: boolean } {
  const path = request.url.split('?')[0] ?? request.url;
  if (streamsBodyOn(path))
    return isStreamedBody(request.headers['content-type'])
      ? { limit: bodyLimitFor(path), streamed: true }
      : { limit: DEFAULT_BODY_LIMIT_BYTES, streamed: false };
  return { limit: bodyLimitFor(path), streamed: false };
}

/**
 * Holds a request body to its route's limit (413 beyond it). A declared Content-Length is
 * checked at once (Node never reads past it); a chunked body is counted as it streams.
 */
function limitBody(
  request: FastifyRequest,
  payload: FastifyRequest['raw'],
): FastifyRequest['raw'] | Transform {
  const { limit, streamed } = bodyLimitOf(request);
  if (!streamed && limit >= MAX_BODY_LIMIT_BYTES) return payload;
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > limit) throw new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();
    return payload;
  }
  if (request.headers['transfer-encoding'] === undefined) return payload;
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > limit ? new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE() : null, chunk);
    },
  });
  payload.on('error', (error) => counted.destroy(error));
  return payload.pipe(counted);
}

/**
 * A route that takes bodies larger than the default only takes them from a caller with a valid
 * access token: the token is checked before the body is read, so an anonymous caller cannot make
 * the gateway buffer megabytes. (Every other route reads at most the default before the guard runs.)
 */
async function authenticateLargeBody(request: FastifyRequest, bearer: BearerStrategy): Promise<void> {
  if (bodyLimitFor(request.url.split('?')[0] ?? request.url) <= DEFAULT_BODY_LIMIT_BYTES) return;
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) throw new UnauthenticatedError();
  try {
    await bearer.verify(token);
  } catch {
    throw new UnauthenticatedError('The bearer token is invalid or expired.');
  }
}

const OPENAPI = {
  title: 'Law-firm back office API',
  description:
    'Public API of the platform. Get a token from `POST /v1/auth/token`, then send `Authorization: Bearer <token>`. ' +
    "Every resource belongs to the firm of the token; another firm's resource answers 404. Errors are RFC 9457 " +
    'problem+json with field-level `errors`. Lists take `?limit=&cursor=` and answer `{items, nextCursor}`.',
};

export async function gatewayOptions(env: NodeJS.ProcessEnv = process.env): Promise<StartOptions> {
  const config = loadConfig(GatewayConfig, env);
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const signingKey = await loadSigningKey(config.GATEWAY_SIGNING_KEY);
  return {
    service: 'gateway',
    module: AppModule.register(config, logger, signingKey),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: OPENAPI,
    serveOwnOpenApi: false,
    bodyLimitBytes: MAX_BODY_LIMIT_BYTES,
    // Every request, refused ones included (the router's own 414s too), is audited.
    onResponse: (app) => {
      const auditor = app.get(RequestAuditor);
      const bearer = app.get(BearerStrategy);
      return (request, reply) => auditor.record(request, reply, (token) => bearer.verify(token));
    },
    configure: async (app) => {
      const fastify = app.getHttpAdapter().getInstance();
      const bearer = app.get(BearerStrategy);
      acceptStreamedBodies(fastify);
      await registerGraphql(fastify, env);
      fastify.addHook('preParsing', async (request, _reply, payload) => {
        await authenticateLargeBody(request, bearer);
        return limitBody(request, payload as FastifyRequest['raw']);
      });
      fastify.addHook(
        'onSend',
        async (
          request: FastifyRequest & { createdResourceId?: string },
          reply: FastifyReply,
          payload: unknown,
        ) => {
          if (
            request.method === 'POST' &&
            reply.statusCode === 201 &&
            (typeof payload === 'string' || Buffer.isBuffer(payload))
          ) {
            request.createdResourceId = RequestAuditor.createdResourceId(payload);
          }
          return payload;
        },
      );
      const aggregator = app.get(OpenApiAggregator);
      let own: ReturnType<typeof buildOpenApi> | undefined;
      fastify.get('/openapi.json', async () => {
        own ??= buildOpenApi(app, { service: 'gateway', openapi: OPENAPI });
        return aggregator.document(own);
      });
      registerDocsPage(fastify);
    },
  };
}

if (require.main === module) {
  void gatewayOptions()
    .then((options) => runService(() => options))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(78);
    });
}
