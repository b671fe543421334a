/**
 * One request through the gateway is one trace: the gateway's request span is its root, the call
 * to intake and intake's request hang under it, the event intake writes to its outbox carries the
 * span that wrote it, and the docket consumer that handles the event is that span's child. The
 * gateway, intake and docket run in this process against the test PostgreSQL and Kafka, over real
 * HTTP between gateway and intake; spans are recorded in memory.
 */
import { recordedSpans, tracing } from './support/recorded-tracing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadSigningKey, TokenIssuer } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import { bootService, eventually, newFirmId, serviceTestEnv, testKeys } from '@lawfirm/testing';
import { AppModule as DocketModule } from '../../services/docket/src/app.module';
import { DocketConfig } from '../../services/docket/src/config';
import { gatewayOptions } from '../../services/gateway/src/main';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { IntakeConfig } from '../../services/intake/src/config';

const NOWHERE = 'http://127.0.0.1:9';

describe('Tracing across the gateway, a service, its outbox and a consumer', () => {
  let intake: NestFastifyApplication;
  let docket: NestFastifyApplication;
  let gateway: NestFastifyApplication;
  let gatewayUrl: string;

  beforeAll(async () => {
    intake = await bootService('intake', (logger) => IntakeModule.register(loadConfig(IntakeConfig, serviceTestEnv('intake')), logger));
    await intake.listen({ port: 0, host: '127.0.0.1' });
    docket = await bootService('docket', (logger) => DocketModule.register(loadConfig(DocketConfig, serviceTestEnv('docket')), logger));
    const env = serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      INTAKE_URL: await intake.getUrl(),
      TIMEKEEPING_URL: NOWHERE,
      BILLING_URL: NOWHERE,
      DOCKET_URL: NOWHERE,
      DOCUMENT_URL: NOWHERE,
      ADMIN_GATEWAY_URL: NOWHERE,
    });
    gateway = await createServiceApp(await gatewayOptions(env));
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    gatewayUrl = await gateway.getUrl();
  });

  afterAll(async () => {
    await gateway?.close();
    await docket?.close();
    await intake?.close();
    await tracing.shutdown();
  });

  async function accessToken(firmId: string): Promise<string> {
    const issuer = new TokenIssuer(await loadSigningKey(testKeys().gatewaySigningKey), 'lawfirm-gateway');
    return issuer.sign('lawfirm-api', { firmId, subject: randomUUID(), actorType: 'user', roles: ['firm-admin', 'attorney'], scopes: [] }, 300);
  }

  async function post(token: string, path: string, body: object): Promise<{ status: number; body: { id: string } }> {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { id: string } };
  }

  it('makes one request through the gateway one trace, from its request span to the consumer of the event it caused', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const client = await post(token, '/v1/clients', { kind: 'company', name: `Traced ${randomUUID().slice(0, 8)}` });
    expect(client.status).toBe(201);

    const matter = await post(token, '/v1/matters', { clientId: client.body.id, title: 'Acme v. Globex' });
    expect(matter.status).toBe(201);

    // The gateway's span for this request: the only root span of a POST /v1/matters.
    const [root, ...otherRoots] = (await recordedSpans()).filter(
      (span) => !span.parentSpanContext && span.attributes['url.path'] === '/v1/matters' && span.attributes['http.request.method'] === 'POST',
    );
    expect(otherRoots).toEqual([]);
    expect(root!.kind).toBe(SpanKind.SERVER);
    const traceId = root!.spanContext().traceId;
    // Wait for docket to handle the event; everything the request caused is in the trace by then.
    const spans = await eventually(async () => {
      const inTrace = (await recordedSpans()).filter((span) => span.spanContext().traceId === traceId);
      return inTrace.some((span) => span.kind === SpanKind.CONSUMER) ? inTrace : undefined;
    }, 60_000);

    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan): ReadableSpan | undefined => byId.get(span.parentSpanContext?.spanId ?? '');
    const descendsFrom = (span: ReadableSpan, ancestor: ReadableSpan): boolean => {
      for (let at = parentOf(span); at; at = parentOf(at)) if (at === ancestor) return true;
      return false;
    };
    // One trace: a single root, and every other span's parent is a span of the trace.
    expect(spans.filter((span) => !span.parentSpanContext)).toEqual([root]);
    expect(spans.filter((span) => span.parentSpanContext && !parentOf(span)).map((span) => span.name)).toEqual([]);

    // gateway → intake: the gateway's call is a client span under its request, intake's request its child.
    const call = spans.find((span) => span.kind === SpanKind.CLIENT && span.attributes['url.path'] === '/v1/matters');
    expect(call && descendsFrom(call, root!)).toBe(true);
    const intakeRequest = spans.find((span) => parentOf(span) === call);
    expect(intakeRequest?.attributes['url.path']).toBe('/v1/matters');

    // intake → outbox: the matter-opened row carries the intake span that wrote it.
    const [row] = await withTenant(intake.get(DataSource), firmId, (manager) =>
      manager.query<Array<{ id: string; headers: Record<string, string> }>>(
        `SELECT id, headers FROM outbox WHERE envelope->>'type' = 'intake.matter.opened' AND envelope->>'aggregateId' = $1`,
        [matter.body.id],
      ),
    );
    const writer = byId.get(row!.headers.traceparent?.split('-')[2] ?? '');
    expect(row!.headers.traceparent).toBe(`00-${traceId}-${writer?.spanContext().spanId}-01`);
    expect(writer && descendsFrom(writer, intakeRequest!)).toBe(true);

    // outbox → Kafka: the relay's publish span hangs under the writer.
    const publish = spans.find((span) => span.kind === SpanKind.PRODUCER && span.attributes['messaging.message.id'] === row!.id);
    expect(publish?.name).toBe('send intake.matter.v1');
    expect(parentOf(publish!)).toBe(writer);

    // Kafka → docket: the consumer's span is the writer's child, by way of the message header.
    const consumed = spans.filter((span) => span.kind === SpanKind.CONSUMER);
    expect(consumed.length).toBeGreaterThan(0);
    for (const span of consumed) expect(parentOf(span)).toBe(writer);
  });
});
