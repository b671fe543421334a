import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
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
});
