/** LEDES routes of the billing service booted in-process against the real database and broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import { LEDES_FILE_BODY_LIMIT_BYTES } from '@lawfirm/contracts';
import { loadConfig, PlatformModule } from '@lawfirm/platform';
import { withTenant } from '@lawfirm/database';
import { bootService, colleagueOf, newCaller, serviceClient, serviceTestEnv } from '@lawfirm/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BillingConfig } from '../config';
import { ENTITIES } from '../database';
import { writeLedes1998 } from './ledes-1998.writer';
import { writeLedesXml } from './ledes-xml.writer';
import { LedesModule } from './ledes.module';
import { sampleInvoice } from './sample-invoices';

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

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

describe('POST /v1/ledes/validate', () => {
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

  it('recognises a LEDES XML 2.2 file and lists its problems by line and element', async () => {
    const file = writeLedesXml([sampleInvoice()]);
    expect((await clerk().post('/v1/ledes/validate', file, { headers: TEXT })).body).toEqual({
      valid: true,
      format: 'XML2.2',
      problems: [],
    });
    const broken = file
      .replace('<base_amount>1232.00</base_amount>', '<base_amount>1233.00</base_amount>')
      .replace('<acca_task>L140</acca_task>', '<acca_task>L14</acca_task>');
    const response = await clerk().post('/v1/ledes/validate', broken, { headers: TEXT });
    expect(response.status).toBe(200);
    const lineOf = (needle: string) => broken.split('\r\n').findIndex((line) => line.includes(needle)) + 1;
    expect(response.body).toEqual({
      valid: false,
      format: 'XML2.2',
      problems: [
        { line: lineOf('1233.00'), field: 'base_amount', message: expect.stringContaining('3.2 × 385.00') },
        { line: lineOf('<acca_task>L14<'), field: 'acca_task', message: expect.stringContaining("'L14'") },
      ],
    });
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

/** What the firm's transactions put in the outbox: event types, and the action of each audit record. */
async function outboxOf(firmId: string): Promise<string[]> {
  const rows: Array<{ type: string; action: string | null }> = await withTenant(
    app.get(DataSource),
    firmId,
    (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data'->>'action' AS action FROM outbox ORDER BY created_at, id`,
      ),
  );
  return rows.map((row) => (row.action ? `${row.type}:${row.action}` : row.type));
}

const profileInput = (matterId: string) => ({
  ledesClientId: 'NWC-001',
  lawFirmId: '13-4567890',
  requiredCodes: { task: true, activity: true, expense: false },
  clientAddress: { line1: '1 Harbor Way', city: 'Newark', region: 'NJ', postcode: '07102', country: 'US' },
  clientTaxId: '22-3334444',
  clientMatterIds: { [matterId]: 'LIT-88231' },
});

describe('e-billing profiles (PUT/GET /v1/clients/:clientId/ebilling-profile)', () => {
  it('stores a client profile, answers it back, and records the change in the same transaction', async () => {
    const caller = newCaller({ roles: ['billing'] });
    const clientId = randomUUID();
    const matterId = randomUUID();
    const put = await serviceClient(app)
      .as(caller)
      .put(`/v1/clients/${clientId}/ebilling-profile`, profileInput(matterId));
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      clientId,
      ledesClientId: 'NWC-001',
      clientMatterIds: { [matterId]: 'LIT-88231' },
    });
    const get = await serviceClient(app).as(caller).get(`/v1/clients/${clientId}/ebilling-profile`);
    expect(get.body).toEqual(put.body);
    expect(await outboxOf(caller.firmId)).toEqual(['audit.recorded:ebilling-profile.set']);
  });

  it('is 404 for another firm, and for a client without a profile', async () => {
    const caller = newCaller({ roles: ['firm-admin'] });
    const clientId = randomUUID();
    await serviceClient(app)
      .as(caller)
      .put(`/v1/clients/${clientId}/ebilling-profile`, profileInput(randomUUID()));
    const other = await serviceClient(app)
      .as(newCaller({ roles: ['firm-admin'] }))
      .get(`/v1/clients/${clientId}/ebilling-profile`);
    expect(other.status).toBe(404);
    expect(other.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(
      (await serviceClient(app).as(caller).get(`/v1/clients/${randomUUID()}/ebilling-profile`)).status,
    ).toBe(404);
  });

  it('refuses bad input with 400 naming the field, and changes nothing', async () => {
    const caller = newCaller({ roles: ['billing'] });
    const clientId = randomUUID();
    const client = serviceClient(app).as(caller);
    const cases: Array<[object, string]> = [
      [{ ...profileInput(randomUUID()), ledesClientId: 'A|B' }, 'ledesClientId'],
      [{ ...profileInput(randomUUID()), ledesClientId: 'X'.repeat(21) }, 'ledesClientId'],
      [
        { ...profileInput(randomUUID()), requiredCodes: { task: 'yes', activity: true, expense: true } },
        'requiredCodes.task',
      ],
      [{ ...profileInput(randomUUID()), requiredCodes: [] }, 'requiredCodes'],
      [{ ...profileInput(randomUUID()), clientAddress: null }, 'clientAddress'],
      [
        { ...profileInput(randomUUID()), clientAddress: { line1: 'x', city: 'y', country: 'usa' } },
        'clientAddress.country',
      ],
      [{ ...profileInput(randomUUID()), clientMatterIds: { 'not-a-uuid': 'LIT' } }, 'clientMatterIds'],
      [{ ...profileInput(randomUUID()), clientMatterIds: { [randomUUID()]: '' } }, 'clientMatterIds'],
      [{ ...profileInput(randomUUID()), surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const response = await client.put(`/v1/clients/${clientId}/ebilling-profile`, body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const nul = await client.put(`/v1/clients/${clientId}/ebilling-profile`, {
      ...profileInput(randomUUID()),
      ledesClientId: 'A\u0000',
    });
    expect(nul.status).toBe(400);
    expect((await client.get(`/v1/clients/${clientId}/ebilling-profile`)).status).toBe(404);
    expect(await outboxOf(caller.firmId)).toEqual([]);
  });

  it('keeps one profile when twenty identical saves race', async () => {
    const caller = newCaller({ roles: ['billing'] });
    const clientId = randomUUID();
    const input = profileInput(randomUUID());
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        serviceClient(app).as(caller).put(`/v1/clients/${clientId}/ebilling-profile`, input),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const rows: Array<{ count: string }> = await withTenant(app.get(DataSource), caller.firmId, (manager) =>
      manager.query('SELECT count(*) AS count FROM ebilling_profiles'),
    );
    expect(rows[0]!.count).toBe('1');
  });

  it('is for billing staff and firm admins only', async () => {
    const caller = newCaller({ roles: ['billing'] });
    const attorney = colleagueOf(caller, ['attorney']);
    const response = await serviceClient(app)
      .as(attorney)
      .put(`/v1/clients/${randomUUID()}/ebilling-profile`, profileInput(randomUUID()));
    expect(response.status).toBe(403);
  });
});

describe('billing letterhead (PUT/GET /v1/billing-letterhead)', () => {
  const letterhead = {
    name: 'Okafor Reyes LLP',
    address: {
      line1: '200 Park Avenue',
      line2: 'Suite 1700',
      city: 'New York',
      region: 'NY',
      postcode: '10166',
      country: 'US',
    },
    taxId: '13-4567890',
    phone: '+1 212 555 0142',
    paymentInstructions: ['Bank transfer: First Harbor Bank, account 4455667788'],
  };

  it('stores the firm letterhead per firm, audited; another firm has none', async () => {
    const caller = newCaller({ roles: ['firm-admin'] });
    const put = await serviceClient(app).as(caller).put('/v1/billing-letterhead', letterhead);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...letterhead, email: null, website: null });
    expect((await serviceClient(app).as(caller).get('/v1/billing-letterhead')).body).toEqual(put.body);
    expect(
      (
        await serviceClient(app)
          .as(newCaller({ roles: ['firm-admin'] }))
          .get('/v1/billing-letterhead')
      ).status,
    ).toBe(404);
    expect(await outboxOf(caller.firmId)).toEqual(['audit.recorded:billing-letterhead.set']);
  });

  it('refuses a letterhead without a name, or with too many payment lines', async () => {
    const client = serviceClient(app).as(newCaller({ roles: ['billing'] }));
    const noName = await client.put('/v1/billing-letterhead', { ...letterhead, name: '  ' });
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toEqual([{ field: 'name', message: 'name must not be empty' }]);
    const many = await client.put('/v1/billing-letterhead', {
      ...letterhead,
      paymentInstructions: Array(11).fill('x'),
    });
    expect(many.status).toBe(400);
  });
});
