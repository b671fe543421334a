import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable, Transform } from 'node:stream';
import { errorCodes } from 'fastify';
import { context, trace } from '@opentelemetry/api';
import { ensureTracing } from '@lawfirm/observability';
import type { Actor } from '@lawfirm/auth';
import type { GatewayConfig } from '../config';
import { Forwarder, UpstreamUnavailableError } from './forwarder.service';
import type { InternalTokens } from './internal-tokens';

const NOWHERE = 'http://127.0.0.1:9';

describe('Forwarder', () => {
  const config = Object.fromEntries(
    ['INTAKE', 'TIMEKEEPING', 'BILLING', 'DOCKET', 'DOCUMENT', 'ADMIN_GATEWAY'].map((name) => [
      `${name}_URL`,
      NOWHERE,
    ]),
  ) as unknown as GatewayConfig;
  const tokens = { forRequest: () => 'token' } as unknown as InternalTokens;
  const forwarder = new Forwarder(config, tokens);
  const requestId = randomUUID();
  const actor: Actor = {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['attorney'],
    scopes: [],
    requestId,
    correlationId: requestId,
  };

  afterAll(async () => {
    await forwarder.onApplicationShutdown();
  });

  it('reports a body it cannot serialise as its own error, not as the service not answering', async () => {
    const body: Record<string, unknown> = {};
    body.self = body;

    const forwarding = forwarder.forward('intake', actor, {
      method: 'POST',
      url: '/v1/clients',
      body,
      requestId,
    });

    await expect(forwarding).rejects.toThrow(TypeError);
    await expect(forwarding).rejects.not.toBeInstanceOf(UpstreamUnavailableError);
  });

  it('reports an upstream that refuses the connection as not answering', async () => {
    await expect(
      forwarder.forward('intake', actor, { method: 'GET', url: '/v1/clients', requestId }),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });

  it("sends the request span's traceparent to the service (undici not patched, nothing exported)", async () => {
    const tracing = ensureTracing('gateway-forwarder-spec');
    const received: IncomingHttpHeaders[] = [];
    const service = createServer((request, response) => {
      received.push(request.headers);
      response.setHeader('content-type', 'application/json');
      response.end('{"id":"x"}');
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    const traced = new Forwarder({ ...config, INTAKE_URL: url } as GatewayConfig, tokens);
    try {
      const span = trace.getTracer('spec').startSpan('GET /v1/clients/:id');
      const { traceId, spanId } = span.spanContext();

      const answer = await context.with(trace.setSpan(context.active(), span), () =>
        traced.forward('intake', actor, { method: 'GET', url: '/v1/clients/x', requestId }),
      );
      await traced.forward('intake', actor, { method: 'GET', url: '/v1/clients/y', requestId });

      expect(answer.status).toBe(200);
      expect(tracing.exporting).toBe(false);
      expect(received[0]?.traceparent).toBe(`00-${traceId}-${spanId}-01`);
      expect(received[0]?.authorization).toBe('Bearer token');
      // Outside any span: no trace to carry on.
      expect(received[1]?.traceparent).toBeUndefined();
    } finally {
      await traced.onApplicationShutdown();
      await new Promise((resolve) => service.close(resolve));
      await tracing.shutdown();
    }
  });

  describe('relay', () => {
    let service: ReturnType<typeof createServer>;
    let relaying: Forwarder;
    const received: Array<{ headers: IncomingHttpHeaders; bytes: number }> = [];

    beforeAll(async () => {
      service = createServer((request, response) => {
        let bytes = 0;
        request.on('data', (chunk: Buffer) => (bytes += chunk.length));
        request.on('error', () => undefined);
        request.on('end', () => {
          received.push({ headers: request.headers, bytes });
          if (request.url === '/v1/documents/d/content') {
            response.writeHead(200, {
              'content-type': 'application/pdf',
              'content-length': '4',
              'content-disposition': "attachment; filename*=UTF-8''a.pdf",
              'x-internal': 'not for the caller',
            });
            response.end('%PDF');
          } else {
            response.writeHead(201, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ bytes }));
          }
        });
      });
      await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
      relaying = new Forwarder({ ...config, DOCUMENT_URL: url } as GatewayConfig, tokens);
    });

    afterAll(async () => {
      await relaying.onApplicationShutdown();
      await new Promise((resolve) => service.close(resolve));
    });

    it('streams a file answer back with its file headers only', async () => {
      const answer = await relaying.relay('document', actor, {
        method: 'GET',
        url: '/v1/documents/d/content',
        requestId,
      });

      expect(answer.status).toBe(200);
      expect(Buffer.isBuffer(answer.body)).toBe(false);
      expect(answer.headers).toEqual({
        'content-type': 'application/pdf',
        'content-length': '4',
        'content-disposition': "attachment; filename*=UTF-8''a.pdf",
      });
      const chunks: Buffer[] = [];
      for await (const chunk of answer.body as Readable) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('%PDF');
    });

    it('pipes a multipart body with its content type and answers JSON buffered', async () => {
      const answer = await relaying.relay('document', actor, {
        method: 'POST',
        url: '/v1/matters/m/documents',
        requestId,
        streamedBody: {
          stream: Readable.from([Buffer.alloc(70_000, 1), Buffer.alloc(30_000, 2)]),
          contentType: 'multipart/form-data; boundary=b',
        },
      });

      expect(answer.status).toBe(201);
      expect(JSON.parse((answer.body as Buffer).toString())).toEqual({ bytes: 100_000 });
      expect(answer.headers).toEqual({ 'content-type': 'application/json' });
      expect(received.at(-1)?.headers['content-type']).toBe('multipart/form-data; boundary=b');
    });

    it("reports a body cut off by the gateway's own limit as too large, not as the service not answering", async () => {
      const source = new PassThrough();
      let seen = 0;
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          done(seen > 50_000 ? new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE() : null, chunk);
        },
      });
      source.pipe(counted);
      source.write(Buffer.alloc(40_000));
      setTimeout(() => source.end(Buffer.alloc(40_000)), 20);

      const relayed = relaying.relay('document', actor, {
        method: 'POST',
        url: '/v1/matters/m/documents',
        requestId,
        streamedBody: { stream: counted, contentType: 'multipart/form-data; boundary=b' },
      });

      await expect(relayed).rejects.toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    });
  });
});
