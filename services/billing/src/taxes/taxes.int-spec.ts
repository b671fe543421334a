/**
 * Taxes against real PostgreSQL and the broker: tax rates and client/matter settings (races, firm isolation,
 * bad input), and invoices issued with tax per line (half-up), tax-inclusive totals that payments see, and
 * the tax in LEDES 1998BI, the CSV of lines and the PDF.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClientCreatedV1, createEnvelope, ExpenseApprovedV1, TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  approvedTimeEntryEvent,
  bootService,
  eventually,
  newCaller,
  publishEvents,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';

const KEEPER = 'TK-014';

describe('Taxes', () => {
  let app: NestFastifyApplication;
  let producer: Producer;

  beforeAll(async () => {
    const config = loadConfig(BillingConfig, serviceTestEnv('billing'));
    app = await bootService('billing', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  /** A firm with a named client, an open matter of it, a 385.00/h rate for the timekeeper, and its clerk. */
  async function firm(): Promise<{ call: CallerClient; clientId: string; matterId: string }> {
    const caller = newCaller({ roles: ['firm-admin', 'billing'] });
    const call = serviceClient(app).as(caller);
    const clientId = randomUUID();
    const client = createEnvelope({
      type: ClientCreatedV1.type,
      firmId: caller.firmId,
      aggregateId: clientId,
      actor: { type: 'user', id: 'intake' },
      correlationId: randomUUID(),
      data: { clientId, kind: 'company', name: 'Northwind Components Ltd' },
    });
    await publishEvents(producer, TOPICS.intakeClient.name, [client]);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId, { clientId });
    const rate = await call.post('/v1/rate-rules', {
      scope: 'timekeeper',
      timekeeperId: KEEPER,
      rateMinor: 38_500,
      currency: 'USD',
      effectiveFrom: '2026-01-01',
    });
    expect(rate.status).toBe(201);
    return { call, clientId, matterId };
  }

  /** Approved time and one 405.00 filing fee on the matter, in billing's WIP. */
  async function approveWork(call: CallerClient, matterId: string, minutes: number[]): Promise<void> {
    const firmId = call.caller.firmId;
    const time = minutes.map((entryMinutes, index) =>
      approvedTimeEntryEvent(firmId, matterId, {
        minutes: entryMinutes,
        timekeeperId: KEEPER,
        timekeeperName: 'Daniel Reyes',
        classification: 'AS',
        ledesClassification: 'AS',
        narrative: `Drafted the motion, part ${index + 1}`,
        taskCode: 'L120',
        activityCode: 'A102',
      }),
    );
    const expenseId = randomUUID();
    const expense = createEnvelope({
      type: ExpenseApprovedV1.type,
      firmId,
      aggregateId: expenseId,
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        expenseId,
        matterId,
        timekeeperId: KEEPER,
        expenseDate: '2026-11-12',
        expenseCode: 'E112',
        description: 'Court filing fee',
        amountMinor: 40_500,
        currency: 'USD',
        billable: true,
        outsourced: false,
        approvedAt: new Date().toISOString(),
        approvedBy: 'approver',
      },
    });
    await publishEvents(producer, TOPICS.timeEntry.name, time);
    await publishEvents(producer, TOPICS.expense.name, [expense]);
    await eventually(async () => {
      const wip = (await call.get(`/v1/matters/${matterId}/wip?limit=200`)).body;
      const seen = new Set([
        ...(wip.items ?? []).map((item: { timeEntryId: string }) => item.timeEntryId),
        ...(wip.expenses ?? []).map((item: { expenseId: string }) => item.expenseId),
      ]);
      return [...time.map((event) => event.data.timeEntryId), expenseId].every((id) => seen.has(id))
        ? true
        : undefined;
    });
  }

  async function preBill(call: CallerClient, matterId: string): Promise<string> {
    const bill = await call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' });
    expect(bill.status).toBe(201);
    return bill.body.id as string;
  }

  const salesTax = (overrides: Record<string, unknown> = {}) => ({
    code: 'NY-SALES',
    name: 'New York sales tax',
    taxType: 'SALES',
    rateBasisPoints: 825,
    appliesToFees: true,
    appliesToExpenses: false,
    jurisdiction: 'New York, US',
    registrationNumber: 'NY-0123456',
    effectiveFrom: '2026-01-01',
    ...overrides,
  });

  async function auditActions(firmId: string, action: string): Promise<number> {
    const rows: Array<{ count: string }> = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT count(*) AS count FROM outbox WHERE envelope->>'type' = 'audit.recorded'
            AND envelope->'data'->>'action' = $1`,
        [action],
      ),
    );
    return Number(rows[0]!.count);
  }

  function expectProblem(response: TestResponse, status: number, code: string): void {
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
  }

  it('keeps versions of a tax code and client and matter settings; another firm sees none of it', async () => {
    const { call, clientId, matterId } = await firm();
    const current = await call.post('/v1/tax-rates', salesTax());
    expect(current.status).toBe(201);
    expect(current.body).toMatchObject({ code: 'NY-SALES', rateBasisPoints: 825, effectiveTo: null });
    const raised = await call.post(
      '/v1/tax-rates',
      salesTax({ rateBasisPoints: 875, effectiveFrom: '2027-01-01' }),
    );
    expect(raised.status).toBe(201);
    const again = await call.post('/v1/tax-rates', salesTax({ rateBasisPoints: 900 }));
    expectProblem(again, 409, 'tax_rate_exists');
    const inEffect = async (day: string) =>
      (await call.get(`/v1/tax-rates?activeOn=${day}`)).body.items.map((rate: { id: string }) => rate.id);
    expect(await inEffect('2026-06-01')).toEqual([current.body.id]);
    expect(await inEffect('2027-06-01')).toEqual([raised.body.id]);

    const clientSetting = await call.put(`/v1/clients/${clientId}/tax-setting`, {
      exempt: false,
      taxCode: 'NY-SALES',
    });
    expect(clientSetting.status).toBe(200);
    expect(clientSetting.body).toMatchObject({ scope: 'client', subjectId: clientId, taxCode: 'NY-SALES' });
    const matterSetting = await call.put(`/v1/matters/${matterId}/tax-setting`, {
      exempt: true,
      reason: 'Pro bono',
    });
    expect(matterSetting.body).toMatchObject({
      scope: 'matter',
      exempt: true,
      taxCode: null,
      reason: 'Pro bono',
    });
    expect((await call.get(`/v1/matters/${matterId}/tax-setting`)).body.exempt).toBe(true);
    expect((await call.get(`/v1/clients/${clientId}/tax-setting`)).body.taxCode).toBe('NY-SALES');

    const other = serviceClient(app).as(newCaller({ roles: ['billing'] }));
    expect((await other.get('/v1/tax-rates')).body.items).toEqual([]);
    expect((await other.get(`/v1/clients/${clientId}/tax-setting`)).status).toBe(404);
    expect((await other.get(`/v1/matters/${matterId}/tax-setting`)).status).toBe(404);
    expect((await other.put(`/v1/matters/${matterId}/tax-setting`, { exempt: true })).status).toBe(404);
    expect((await other.put(`/v1/clients/${clientId}/tax-setting`, { exempt: true })).status).toBe(404);
    expect((await call.get(`/v1/matters/${matterId}/tax-setting`)).body.reason).toBe('Pro bono');
    const attorney = serviceClient(app).as({ ...call.caller, roles: ['attorney'] });
    expect((await attorney.post('/v1/tax-rates', salesTax({ code: 'OTHER' }))).status).toBe(403);
  });

  it('creates one rate when twenty identical requests race, and records one change for twenty identical settings', async () => {
    const { call, matterId } = await firm();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call.post('/v1/tax-rates', salesTax())),
    );
    expect(answers.filter((response) => response.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((response) => response.status !== 201))
      expectProblem(refused, 409, 'tax_rate_exists');
    const settings = await Promise.all(
      Array.from({ length: 20 }, () =>
        call.put(`/v1/matters/${matterId}/tax-setting`, { exempt: false, taxCode: 'NY-SALES' }),
      ),
    );
    expect(settings.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(await auditActions(call.caller.firmId, 'tax-rate.created')).toBe(1);
    expect(await auditActions(call.caller.firmId, 'tax-setting.set')).toBe(1);
  });

  it('refuses bad input with the field named and changes nothing', async () => {
    const { call, matterId } = await firm();
    const cases: Array<[Record<string, unknown>, string]> = [
      [salesTax({ rateBasisPoints: 10_001 }), 'rateBasisPoints'],
      [salesTax({ rateBasisPoints: 8.25 }), 'rateBasisPoints'],
      [salesTax({ rateBasisPoints: '825' }), 'rateBasisPoints'],
      [salesTax({ name: null }), 'name'],
      [salesTax({ name: 'Sales\u0000tax' }), 'name'],
      [salesTax({ jurisdiction: 'New York \ud800' }), 'jurisdiction'],
      [salesTax({ taxType: 'VAT|GST' }), 'taxType'],
      [salesTax({ code: 'no spaces allowed' }), 'code'],
      [salesTax({ appliesToFees: false }), 'appliesToFees'],
      [salesTax({ appliesToFees: 'yes' }), 'appliesToFees'],
      [salesTax({ effectiveFrom: '2026-02-30' }), 'effectiveFrom'],
      [salesTax({ effectiveTo: '2025-12-31' }), 'effectiveTo'],
      [salesTax({ registrationNumber: null }), 'registrationNumber'],
      [salesTax({ surplus: 1 }), 'surplus'],
    ];
    for (const [body, field] of cases) {
      const response = await call.post('/v1/tax-rates', body);
      expect([response.status, field]).toEqual([400, field]);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors ?? response.body)).toContain(field);
    }
    expect((await call.post('/v1/tax-rates', [salesTax()])).status).toBe(400);
    expect((await call.get('/v1/tax-rates')).body.items).toEqual([]);

    const settingCases: Array<[unknown, string]> = [
      [{ exempt: true, taxCode: 'NY-SALES' }, 'taxCode'],
      [{ exempt: false }, 'taxCode'],
      [{ exempt: 'no', taxCode: 'NY-SALES' }, 'exempt'],
      [{ exempt: false, taxCode: null }, 'taxCode'],
    ];
    for (const [body, field] of settingCases) {
      const response = await call.put(`/v1/matters/${matterId}/tax-setting`, body);
      expect([response.status, field]).toEqual([400, field]);
      expect(JSON.stringify(response.body)).toContain(field);
    }
    expect((await call.put(`/v1/matters/${matterId}/tax-setting`, [{ exempt: true }])).status).toBe(400);
    const unknownCode = await call.put(`/v1/matters/${matterId}/tax-setting`, {
      exempt: false,
      taxCode: 'NY-SALES',
    });
    expectProblem(unknownCode, 422, 'tax_code_unknown');
    expect((await call.put(`/v1/matters/${randomUUID()}/tax-setting`, { exempt: true })).status).toBe(404);
    expect((await call.put('/v1/matters/not-a-uuid/tax-setting', { exempt: true })).status).toBe(404);
    expect((await call.get(`/v1/matters/${matterId}/tax-setting`)).status).toBe(404);
    expect(await auditActions(call.caller.firmId, 'tax-setting.set')).toBe(0);
  });

  it('issues with tax per line, half-up, in a tax-inclusive total that payments, LEDES 1998BI, the CSV and the PDF carry', async () => {
    const { call, clientId, matterId } = await firm();
    expect((await call.post('/v1/tax-rates', salesTax())).status).toBe(201);
    expect(
      (await call.put(`/v1/clients/${clientId}/tax-setting`, { exempt: false, taxCode: 'NY-SALES' })).status,
    ).toBe(200);
    // 90 min = 15 tenths = 577.50 → tax 47.64375 → 47.64; 24 min = 4 tenths = 154.00 → 12.705 → 12.71 (half-up);
    // the 405.00 filing fee is an expense, which this tax does not reach.
    await approveWork(call, matterId, [90, 24]);
    const billId = await preBill(call, matterId);
    expect((await call.get(`/v1/invoices/${billId}`)).body.totals).toMatchObject({
      taxMinor: 0,
      totalMinor: 113_650,
    });
    const issued = await call.post(`/v1/pre-bills/${billId}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.totals).toMatchObject({
      feesMinor: 73_150,
      disbursementsMinor: 40_500,
      taxMinor: 6_035,
      totalMinor: 119_685,
      balanceMinor: 119_685,
    });
    const taxOf = (amountMinor: number) =>
      issued.body.lines.find((line: { amountMinor: number }) => line.amountMinor === amountMinor).tax;
    expect(taxOf(57_750)).toMatchObject({ type: 'SALES', rateBasisPoints: 825, amountMinor: 4_764 });
    expect(taxOf(15_400)).toMatchObject({ amountMinor: 1_271 });
    expect(taxOf(40_500)).toBeNull();

    // Changing the setting and the rate afterwards does not alter the issued invoice.
    await call.put(`/v1/clients/${clientId}/tax-setting`, { exempt: true });
    const reread = (await call.get(`/v1/invoices/${billId}`)).body;
    expect(reread.totals).toMatchObject({ taxMinor: 6_035, totalMinor: 119_685 });
    const immutable = await withTenant(app.get(DataSource), call.caller.firmId, (manager) =>
      manager.query(`UPDATE invoice_lines SET tax_minor = 0 WHERE invoice_id = $1`, [billId]).then(
        () => 'updated',
        () => 'refused',
      ),
    );
    expect(immutable).toBe('refused');

    const account = await call.get(`/v1/invoices/${billId}/account`);
    expect(account.body).toMatchObject({ totalMinor: 119_685, openMinor: 119_685 });
    const payment = await call.post('/v1/payments', {
      clientId,
      amountMinor: 119_685,
      currency: 'USD',
      receivedOn: '2026-11-20',
      method: 'wire',
      payer: 'Northwind Components Ltd',
    });
    expect(payment.status).toBe(201);
    expect(payment.body.unallocatedMinor).toBe(0);
    expect((await call.get(`/v1/invoices/${billId}/account`)).body).toMatchObject({
      status: 'paid',
      openMinor: 0,
    });

    await call.put('/v1/billing-letterhead', {
      name: 'Okafor Reyes LLP',
      address: { line1: '200 Park Avenue', city: 'New York', region: 'NY', postcode: '10166', country: 'US' },
      taxId: '13-4567890',
      paymentInstructions: ['Bank transfer: First Harbor Bank, account 4455667788'],
    });
    await call.put(`/v1/clients/${clientId}/ebilling-profile`, {
      ledesClientId: 'NWC-001',
      lawFirmId: '13-4567890',
      requiredCodes: { task: true, activity: true, expense: true },
      clientAddress: {
        line1: '1 Harbor Way',
        city: 'Newark',
        region: 'NJ',
        postcode: '07102',
        country: 'US',
      },
      clientMatterIds: { [matterId]: 'LIT-88231' },
    });
    await eventually(async () =>
      (await call.get(`/v1/invoices/${billId}`)).body.client?.name ? true : undefined,
    );
    const file = await call.get(`/v1/invoices/${billId}/ledes?format=1998BI`);
    expect(file.status).toBe(200);
    expect(file.text).toContain('|0.0825|');
    expect(file.text).toContain('|47.64|');
    expect(file.text).toContain('|12.71|');
    const check = await call.post('/v1/ledes/validate', file.text, {
      headers: { 'content-type': 'text/plain' },
    });
    expect(check.body).toEqual({ valid: true, format: '1998BI', problems: [] });
    const xml = await call.get(`/v1/invoices/${billId}/ledes?format=XML2.2`);
    expect(xml.status).toBe(200);
    expect(xml.text).toContain('<tax_on_charge>47.64</tax_on_charge>');
    expect(xml.text).toContain('<inv_total_tax>60.35</inv_total_tax>');
    expect(xml.text).toContain('<inv_total_net_due>1196.85</inv_total_net_due>');
    const xmlCheck = await call.post('/v1/ledes/validate', xml.text, {
      headers: { 'content-type': 'text/plain' },
    });
    expect(xmlCheck.body).toEqual({ valid: true, format: 'XML2.2', problems: [] });
    // 1998B has no tax fields: a taxed invoice is refused rather than written without its tax.
    expectProblem(await call.get(`/v1/invoices/${billId}/ledes?format=1998B`), 422, 'ledes_export_refused');

    const csv = await call.get(`/v1/invoices/${billId}/lines.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(',SALES,0.0825,47.64,625.14,USD');
    expect(csv.text).toContain(',SALES,0.0825,12.71,166.71,USD');
    const pdf = await call.get(`/v1/invoices/${billId}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it("prefers the matter's setting, takes the fee tax off a discount, and refuses a code with no rate in effect", async () => {
    const { call, clientId, matterId } = await firm();
    expect((await call.post('/v1/tax-rates', salesTax())).status).toBe(201);
    const vat = await call.post(
      '/v1/tax-rates',
      salesTax({ code: 'VAT-LATER', taxType: 'VAT', rateBasisPoints: 2000, effectiveFrom: '2099-01-01' }),
    );
    expect(vat.status).toBe(201);
    await call.put(`/v1/clients/${clientId}/tax-setting`, { exempt: true });
    await call.put(`/v1/matters/${matterId}/tax-setting`, { exempt: false, taxCode: 'VAT-LATER' });
    await approveWork(call, matterId, [60]);
    const billId = await preBill(call, matterId);
    const notYet = await call.post(`/v1/pre-bills/${billId}/issue`);
    expectProblem(notYet, 422, 'tax_rate_not_in_effect');
    const draft = (await call.get(`/v1/invoices/${billId}`)).body;
    expect([draft.status, draft.number]).toEqual(['draft', null]);
    expect(
      (await call.get('/v1/invoice-numbering')).body.find(
        (row: { series: string }) => row.series === 'invoice',
      ),
    ).toMatchObject({ nextNumber: 'INV-000001' });

    await call.put(`/v1/matters/${matterId}/tax-setting`, { exempt: false, taxCode: 'NY-SALES' });
    // 385.00 of fees less a 100.01 discount: the fee tax 31.76 (31.7625) less the discount's 8.25 (8.250825).
    expect(
      (
        await call.patch(`/v1/pre-bills/${billId}`, {
          discount: { kind: 'amount', amountMinor: 10_001, reason: 'Goodwill' },
        })
      ).status,
    ).toBe(200);
    const issued = await call.post(`/v1/pre-bills/${billId}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.totals).toMatchObject({
      feesMinor: 38_500,
      disbursementsMinor: 40_500,
      discountMinor: 10_001,
      taxMinor: 3_176 - 825,
      totalMinor: 38_500 + 40_500 - 10_001 + 3_176 - 825,
    });
    const total = issued.body.totals.totalMinor as number;
    // Aging and credit notes work on the tax-inclusive total.
    const today = new Date().toISOString().slice(0, 10);
    const aging = await call.get(`/v1/receivables/aging?asOf=${today}&groupBy=client&clientId=${clientId}`);
    expect(aging.body.rows).toEqual([
      expect.objectContaining({ clientId, totalMinor: total, currentMinor: total }),
    ]);
    const voided = await call.post(`/v1/invoices/${billId}/void`, { reason: 'Billed in error' });
    expect(voided.status).toBe(201);
    expect(voided.body).toMatchObject({ amountMinor: total, extent: 'full' });
    expect((await call.get(`/v1/invoices/${billId}/account`)).body).toMatchObject({
      creditedMinor: total,
      openMinor: 0,
      status: 'credited',
    });
  });
});
