/** POST /v1/ledes/validate on the billing service booted in-process against the real database and broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { LEDES_FILE_BODY_LIMIT_BYTES } from '@lawfirm/contracts';
import { loadConfig, PlatformModule } from '@lawfirm/platform';
import { bootService, newCaller, serviceClient, serviceTestEnv } from '@lawfirm/testing';
import { BillingConfig } from '../config';
import { ENTITIES } from '../database';
import { writeLedes1998 } from './ledes-1998.writer';
import { LedesModule } from './ledes.module';
import { sampleInvoice } from './sample-invoices';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

describe('POST /v1/ledes/validate', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = loadConfig(BillingConfig, serviceTestEnv('billing'));
    // The platform and the LEDES feature as billing's AppModule registers them.
    app = await bootService('billing', (logger) => {
      @Module({
        imports: [
          PlatformModule.forService({ service: 'billing', config, logger, entities: ENTITIES }),
          LedesModule,
        ],
      })
      class LedesTestModule {}
      return LedesTestModule;
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const clerk = () => serviceClient(app).as(newCaller({ roles: ['billing'] }));

  it('answers valid for a file our 1998B writer produced', async () => {
    const file = writeLedes1998([sampleInvoice()], '1998B');
    const response = await clerk().post('/v1/ledes/validate', file, { headers: TEXT });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ valid: true, format: '1998B', problems: [] });
  });

  it('lists every problem of a broken file with its line and field', async () => {
    const file = writeLedes1998([sampleInvoice()], '1998B')
      .replace('|1116.50|', '|1232.00|')
      .replace('|L140|', '|L14|')
      .replace('20261014', '2026-10-14');
    const response = await serviceClient(app)
      .as(newCaller({ roles: ['firm-admin'] }))
      .post('/v1/ledes/validate', file, { headers: TEXT });
    expect(response.status).toBe(200);
    expect(response.body.valid).toBe(false);
    expect(
      response.body.problems.map(
        (problem: { line: number; field: string }) => `${problem.line}:${problem.field}`,
      ),
    ).toEqual(['3:INVOICE_TOTAL', '4:LINE_ITEM_TOTAL', '5:LINE_ITEM_TASK_CODE', '6:LINE_ITEM_DATE']);
  });

  it('accepts a file larger than the default body limit, up to the manifest limit', async () => {
    const invoice = sampleInvoice();
    const one = writeLedes1998([invoice], '1998B');
    const record = one.split('\r\n')[2]!;
    const [marker, header] = one.split('\r\n');
    // ~3 MiB of records for one invoice: totals no longer add up, but the file is read whole.
    const count = Math.ceil((3 * 1024 * 1024) / record.length);
    const file = [marker, header, ...Array.from({ length: count }, () => record), ''].join('\r\n');
    const response = await clerk().post('/v1/ledes/validate', file, { headers: TEXT });
    expect(response.status).toBe(200);
    expect(response.body.problems.length).toBeGreaterThan(count - 1);
  });

  it('answers 413 problem+json past the manifest limit', async () => {
    const response = await clerk().post('/v1/ledes/validate', 'x'.repeat(LEDES_FILE_BODY_LIMIT_BYTES + 1), {
      headers: TEXT,
    });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('refuses a JSON body and a NUL byte with 400 naming the field', async () => {
    const json = await clerk().post('/v1/ledes/validate', { file: 'LEDES1998B[]' });
    expect(json.status).toBe(400);
    expect(json.body.errors).toEqual([
      { field: 'body', message: 'send the LEDES file itself as text/plain' },
    ]);
    const nul = await clerk().post('/v1/ledes/validate', 'LEDES1998B[]\u0000', { headers: TEXT });
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('is for billing staff and firm admins only', async () => {
    const file = writeLedes1998([sampleInvoice()], '1998B');
    const paralegal = await serviceClient(app)
      .as(newCaller({ roles: ['paralegal'] }))
      .post('/v1/ledes/validate', file, { headers: TEXT });
    expect(paralegal.status).toBe(403);
    const anonymous = await serviceClient(app)
      .anonymous()
      .post('/v1/ledes/validate', file, { headers: TEXT });
    expect(anonymous.status).toBe(401);
  });
});
