/**
 * One request through the gateway is one trace: the gateway's request span is its root, the call
 * to the service and the service's request hang under it, the event the service writes to its
 * outbox carries the span that wrote it, and the consumer that handles the event gets a span that
 * is that span's child. The gateway, intake, timekeeping, billing and docket run in this process
 * against the test PostgreSQL and Kafka, over real HTTP from the gateway to the services; spans
 * are recorded in memory.
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
import { AppModule as BillingModule } from '../../services/billing/src/app.module';
import { BillingConfig } from '../../services/billing/src/config';
import { AppModule as DocketModule } from '../../services/docket/src/app.module';
import { DocketConfig } from '../../services/docket/src/config';
import { gatewayOptions } from '../../services/gateway/src/main';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { IntakeConfig } from '../../services/intake/src/config';
import { AppModule as TimekeepingModule } from '../../services/timekeeping/src/app.module';
import { TimekeepingConfig } from '../../services/timekeeping/src/config';

const NOWHERE = 'http://127.0.0.1:9';

describe('Tracing across the gateway, a service, its outbox and a consumer', () => {
  let intake: NestFastifyApplication;
  let timekeeping: NestFastifyApplication;
  let billing: NestFastifyApplication;
  let docket: NestFastifyApplication;
  let gateway: NestFastifyApplication;
  let gatewayUrl: string;

  beforeAll(async () => {
    intake = await bootService('intake', (logger) =>
      IntakeModule.register(loadConfig(IntakeConfig, serviceTestEnv('intake')), logger),
    );
    await intake.listen({ port: 0, host: '127.0.0.1' });
    timekeeping = await bootService('timekeeping', (logger) =>
      TimekeepingModule.register(loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping')), logger),
    );
    await timekeeping.listen({ port: 0, host: '127.0.0.1' });
    billing = await bootService('billing', (logger) =>
      BillingModule.register(loadConfig(BillingConfig, serviceTestEnv('billing')), logger),
    );
    docket = await bootService('docket', (logger) =>
      DocketModule.register(loadConfig(DocketConfig, serviceTestEnv('docket')), logger),
    );
    const env = serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      INTAKE_URL: await intake.getUrl(),
      TIMEKEEPING_URL: await timekeeping.getUrl(),
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
    await billing?.close();
    await timekeeping?.close();
    await intake?.close();
    await tracing.shutdown();
  });

  async function accessToken(firmId: string): Promise<string> {
    const issuer = new TokenIssuer(await loadSigningKey(testKeys().gatewaySigningKey), 'lawfirm-gateway');
    const roles = ['firm-admin', 'attorney', 'billing'];
    return issuer.sign(
      'lawfirm-api',
      { firmId, subject: randomUUID(), actorType: 'user', roles, scopes: [] },
      300,
    );
  }

  async function post(
    token: string,
    path: string,
    body: object = {},
  ): Promise<{ status: number; body: { id: string } }> {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { id: string } };
  }

  async function openMatter(token: string): Promise<string> {
    const client = await post(token, '/v1/clients', {
      kind: 'company',
      name: `Traced ${randomUUID().slice(0, 8)}`,
    });
    expect(client.status).toBe(201);
    const matter = await post(token, '/v1/matters', { clientId: client.body.id, title: 'Acme v. Globex' });
    expect(matter.status).toBe(201);
    return matter.body.id;
  }

  async function rowsOf(app: NestFastifyApplication, firmId: string, sql: string, parameters: unknown[]) {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query<Array<Record<string, unknown>>>(sql, parameters),
    );
  }

  function describeSpan(span: ReadableSpan): string {
    return `${SpanKind[span.kind]} ${span.name} (${span.instrumentationScope.name})`;
  }

  /** Spans are compared by this, never as objects: a failed comparison of spans cannot leave a jest worker (circular). */
  function describeSpanWithId(span: ReadableSpan): string {
    return `${describeSpan(span)} ${span.spanContext().spanId}`;
  }

  /**
   * Checks the trace of the gateway's POST `path`, once `handled` says the consumer has done its
   * work: one trace from the gateway through `service` and its outbox (the row of `eventType` for
   * `aggregateId`) to the consumer.
   */
  async function expectOneTrace(request: {
    path: string;
    /** Spans recorded before the request was sent (none of them is its root). */
    before: ReadonlySet<ReadableSpan>;
    firmId: string;
    service: NestFastifyApplication;
    eventType: string;
    aggregateId: string;
    handled: () => Promise<boolean>;
  }): Promise<void> {
    await eventually(async () => ((await request.handled()) ? true : undefined), 60_000);
    // The gateway's span for the request: the only root span of a POST to the path.
    const [root, ...otherRoots] = (await recordedSpans()).filter(
      (span) =>
        !request.before.has(span) &&
        !span.parentSpanContext &&
        span.attributes['url.path'] === request.path &&
        span.attributes['http.request.method'] === 'POST',
    );
    expect(otherRoots.map(describeSpan)).toEqual([]);
    expect(root!.kind).toBe(SpanKind.SERVER);
    const traceId = root!.spanContext().traceId;
    // The event's outbox row, whose id the relay's publish span carries.
    const [row] = await rowsOf(
      request.service,
      request.firmId,
      `SELECT id, headers FROM outbox WHERE envelope->>'type' = $1 AND envelope->>'aggregateId' = $2`,
      [request.eventType, request.aggregateId],
    );
    // The consumer's span ends just after its transaction commits, and the relay's publish span only once
    // the row is marked sent (which can come after the consumer already has the message), so both may
    // trail `handled` a little.
    let spans: ReadableSpan[] = [];
    for (
      const deadline = Date.now() + 15_000;
      Date.now() < deadline;
      await new Promise((resolve) => setTimeout(resolve, 50))
    ) {
      spans = (await recordedSpans()).filter((span) => span.spanContext().traceId === traceId);
      const consumed = spans.some((span) => span.kind === SpanKind.CONSUMER);
      const published = spans.some(
        (span) => span.kind === SpanKind.PRODUCER && span.attributes['messaging.message.id'] === row!.id,
      );
      if (consumed && published) break;
    }

    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const parentOf = (span: ReadableSpan): ReadableSpan | undefined =>
      byId.get(span.parentSpanContext?.spanId ?? '');
    const descendsFrom = (span: ReadableSpan, ancestor: ReadableSpan): boolean => {
      for (let at = parentOf(span); at; at = parentOf(at)) if (at === ancestor) return true;
      return false;
    };
    // One trace: a single root, and every other span's parent is a span of the trace.
    expect(spans.filter((span) => !span.parentSpanContext).map(describeSpan)).toEqual([describeSpan(root!)]);
    expect(spans.filter((span) => span.parentSpanContext && !parentOf(span)).map(describeSpan)).toEqual([]);

    // gateway → service: the gateway's call is a client span under its request, the service's request its child.
    const call = spans.find(
      (span) => span.kind === SpanKind.CLIENT && span.attributes['url.path'] === request.path,
    );
    expect(call && descendsFrom(call, root!)).toBe(true);
    const serviceRequest = spans.find((span) => parentOf(span) === call);
    expect(serviceRequest?.attributes['url.path']).toBe(request.path);

    // service → outbox: the event's row carries the service's span that wrote it.
    const { traceparent } = row!.headers as { traceparent?: string };
    const writer = byId.get(traceparent?.split('-')[2] ?? '');
    expect(traceparent).toBe(`00-${traceId}-${writer?.spanContext().spanId}-01`);
    expect(writer && descendsFrom(writer, serviceRequest!)).toBe(true);

    // outbox → Kafka: the relay's publish span hangs under the writer.
    const publish = spans.find(
      (span) => span.kind === SpanKind.PRODUCER && span.attributes['messaging.message.id'] === row!.id,
    );
    const idOf = (span: ReadableSpan | undefined): string | undefined => span && describeSpanWithId(span);
    expect(idOf(publish && parentOf(publish))).toBe(idOf(writer));

    // Kafka → consumer: the consumer's span is the writer's child, by way of the message header.
    const consumed = spans.filter((span) => span.kind === SpanKind.CONSUMER);
    expect(consumed.map(describeSpan)).not.toEqual([]);
    for (const span of consumed) expect(idOf(parentOf(span))).toBe(idOf(writer));
  }

  it('makes an approval one trace, from the gateway through timekeeping and its outbox to the billing consumer', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const matterId = await openMatter(token);
    // Timekeeping takes time once its projection has the matter.
    const entry = await eventually(async () => {
      const input = { matterId, workDate: '2026-11-20', minutes: 42, narrative: 'Drafted the complaint' };
      const response = await post(token, '/v1/time-entries', input);
      return response.status === 201 ? response.body : undefined;
    });
    expect((await post(token, `/v1/time-entries/${entry.id}/submit`)).status).toBe(200);

    const path = `/v1/time-entries/${entry.id}/approve`;
    const before = new Set(await recordedSpans());
    expect((await post(token, path)).status).toBe(200);

    await expectOneTrace({
      path,
      before,
      firmId,
      service: timekeeping,
      eventType: 'timekeeping.time-entry.approved',
      aggregateId: entry.id,
      handled: async () =>
        (await rowsOf(billing, firmId, `SELECT 1 FROM wip_entries WHERE time_entry_id = $1`, [entry.id]))
          .length > 0,
    });
  });

  it('makes a new matter one trace, from the gateway through intake and its outbox to the docket projection (a batch consumer)', async () => {
    const firmId = newFirmId();
    const token = await accessToken(firmId);
    const client = await post(token, '/v1/clients', {
      kind: 'company',
      name: `Traced ${randomUUID().slice(0, 8)}`,
    });
    const before = new Set(await recordedSpans());
    const matter = await post(token, '/v1/matters', { clientId: client.body.id, title: 'Acme v. Initech' });
    expect(matter.status).toBe(201);
    const matterId = matter.body.id;

    await expectOneTrace({
      path: '/v1/matters',
      before,
      firmId,
      service: intake,
      eventType: 'intake.matter.opened',
      aggregateId: matterId,
      handled: async () =>
        (await rowsOf(docket, firmId, `SELECT 1 FROM matter_projection WHERE matter_id = $1`, [matterId]))
          .length > 0,
    });
  });
});
