/**
 * Issued invoices out of billing as LEDES files, PDFs and CSVs, against real PostgreSQL and the
 * broker: time and expenses arrive as events, a pre-bill is issued, then exported.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ClientCreatedV1, createEnvelope, ExpenseApprovedV1, TOPICS } from '@lawfirm/contracts';
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
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';

const KEEPER = 'TK-014';

describe('Invoice exports (LEDES, PDF, CSV)', () => {
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

  /** A firm with a client and an open matter billing knows of, a rate for the timekeeper, and its clerk. */
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
      data: { clientId, kind: 'company', name: 'Northwind Components Inc.' },
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

  /** Approved time (and one filing fee) on the matter, issued as an invoice; its id once billing knows the client's name. */
  async function issueInvoice(
    call: CallerClient,
    matterId: string,
    entries: Array<{ minutes: number; taskCode?: string; activityCode?: string }>,
  ): Promise<string> {
    const firmId = call.caller.firmId;
    const time = entries.map((entry) =>
      approvedTimeEntryEvent(firmId, matterId, {
        minutes: entry.minutes,
        timekeeperId: KEEPER,
        timekeeperName: 'Daniel Reyes',
        classification: 'AS',
        ledesClassification: 'AS',
        narrative: 'Drafted the motion to dismiss',
        ...(entry.taskCode ? { taskCode: entry.taskCode } : {}),
        ...(entry.activityCode ? { activityCode: entry.activityCode } : {}),
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
    const bill = await call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' });
    expect(bill.status).toBe(201);
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect(issued.status).toBe(200);
    await eventually(async () =>
      (await call.get(`/v1/invoices/${issued.body.id}`)).body.client?.name ? true : undefined,
    );
    return issued.body.id as string;
  }

  async function setUp(call: CallerClient, clientId: string, matterId: string): Promise<void> {
    const letterhead = await call.put('/v1/billing-letterhead', {
      name: 'Okafor Reyes LLP',
      address: { line1: '200 Park Avenue', city: 'New York', region: 'NY', postcode: '10166', country: 'US' },
      taxId: '13-4567890',
      paymentInstructions: ['Bank transfer: First Harbor Bank, account 4455667788'],
    });
    expect(letterhead.status).toBe(200);
    const profile = await call.put(`/v1/clients/${clientId}/ebilling-profile`, {
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
    expect(profile.status).toBe(200);
  }

  it('exports an issued invoice as LEDES 1998B and 1998BI files our validator accepts', async () => {
    const { call, clientId, matterId } = await firm();
    await setUp(call, clientId, matterId);
    const invoiceId = await issueInvoice(call, matterId, [
      { minutes: 90, taskCode: 'L120', activityCode: 'A102' },
      { minutes: 30, taskCode: 'L210', activityCode: 'A103' },
    ]);
    const invoice = (await call.get(`/v1/invoices/${invoiceId}`)).body;
    for (const format of ['1998B', '1998BI']) {
      const file = await call.get(`/v1/invoices/${invoiceId}/ledes?format=${format}`);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(file.headers['content-disposition']).toContain(`${invoice.number}.ledes${format}.txt`);
      const records = file.text.split('\r\n');
      expect(records[0]).toBe(format === '1998B' ? 'LEDES1998B[]' : 'LEDES98BI V2[]');
      expect(records.slice(2, -1)).toHaveLength(3);
      // 1.5 h and 0.5 h at 385.00, the filing fee at cost: 770.00 + 405.00.
      expect(records[2]).toContain(`|${invoice.number}|NWC-001|`);
      expect(records[2]).toContain('|1175.00|');
      const check = await call.post('/v1/ledes/validate', file.text, {
        headers: { 'content-type': 'text/plain' },
      });
      expect(check.body).toEqual({ valid: true, format, problems: [] });
    }
    const xml = await call.get(`/v1/invoices/${invoiceId}/ledes?format=XML2.2`);
    expect(xml.status).toBe(200);
    expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(xml.headers['content-disposition']).toContain(`${invoice.number}.ledesXML2.2.xml`);
    expect(xml.text).toContain('<ledesxmlebilling2.2 xmlns="http://www.ledes.org/LEDES22.xsd">');
    expect(xml.text).toContain(`<inv_id>${invoice.number}</inv_id>`);
    expect(xml.text).toContain('<cl_id>NWC-001</cl_id>');
    expect(xml.text).toContain('<cl_matter_id>LIT-88231</cl_matter_id>');
    // 770.00 of fees, the 405.00 filing fee at cost.
    expect(xml.text).toContain('<matter_total_detail_fees>770.00</matter_total_detail_fees>');
    expect(xml.text).toContain('<inv_total_net_due>1175.00</inv_total_net_due>');
    const xmlCheck = await call.post('/v1/ledes/validate', xml.text, {
      headers: { 'content-type': 'text/plain' },
    });
    expect(xmlCheck.body).toEqual({ valid: true, format: 'XML2.2', problems: [] });
  });

  it('refuses, with 422 listing every line, an invoice whose entries lack codes the client requires', async () => {
    const { call, clientId, matterId } = await firm();
    await setUp(call, clientId, matterId);
    const invoiceId = await issueInvoice(call, matterId, [
      { minutes: 60, taskCode: 'L120', activityCode: 'A102' },
      { minutes: 60, activityCode: 'A103' },
      { minutes: 60 },
    ]);
    const refused = await call.get(`/v1/invoices/${invoiceId}/ledes?format=1998B`);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('ledes_export_refused');
    const fields = refused.body.errors.map((error: { field: string }) =>
      error.field.replace(/lines\[\d+\]/, 'lines[n]'),
    );
    expect(fields.sort()).toEqual([
      'invoices[0].lines[n].activityCode',
      'invoices[0].lines[n].taskCode',
      'invoices[0].lines[n].taskCode',
    ]);
    // The batch names it too, beside a good invoice.
    const good = await issueInvoice(call, matterId, [
      { minutes: 60, taskCode: 'L110', activityCode: 'A101' },
    ]);
    const batch = await call.post('/v1/ledes/export', { invoiceIds: [good, invoiceId], format: '1998B' });
    expect(batch.status).toBe(422);
    expect(batch.body.errors).toHaveLength(3);
    // The same checks, never a silent default, for LEDES XML 2.2.
    const xmlBatch = await call.post('/v1/ledes/export', { invoiceIds: [good, invoiceId], format: 'XML2.2' });
    expect(xmlBatch.status).toBe(422);
    expect(xmlBatch.body.errors).toEqual(batch.body.errors);
    const alone = await call.post('/v1/ledes/export', { invoiceIds: [good], format: '1998B' });
    expect(alone.status).toBe(200);
  });

  it('needs the client e-billing profile and the firm letterhead, and says so', async () => {
    const { call, matterId } = await firm();
    const invoiceId = await issueInvoice(call, matterId, [
      { minutes: 60, taskCode: 'L120', activityCode: 'A102' },
    ]);
    const ledes = await call.get(`/v1/invoices/${invoiceId}/ledes?format=1998B`);
    expect(ledes.status).toBe(422);
    expect(ledes.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'ebillingProfile',
      'letterhead',
    ]);
    const pdf = await call.get(`/v1/invoices/${invoiceId}/pdf`);
    expect(pdf.status).toBe(422);
    expect(pdf.body.code).toBe('invoice_document_refused');
    // The CSV needs neither.
    expect((await call.get(`/v1/invoices/${invoiceId}/lines.csv`)).status).toBe(200);
  });

  it('renders the PDF and the CSV of an issued invoice', async () => {
    const { call, clientId, matterId } = await firm();
    await setUp(call, clientId, matterId);
    const invoiceId = await issueInvoice(call, matterId, [
      { minutes: 90, taskCode: 'L120', activityCode: 'A102' },
    ]);
    const pdf = await call.get(`/v1/invoices/${invoiceId}/pdf?groupBy=task`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    // The bytes are read as text here; the PDF's content is checked by invoice-pdf.renderer.spec.ts.
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
    const csv = await call.get(`/v1/invoices/${invoiceId}/lines.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.text.trim().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(
      ',fee,2026-11-10,TK-014,"Reyes, Daniel",AS,L120,A102,,Drafted the motion to dismiss,1.5,385.00,0.00,577.50,',
    );
    expect((await call.get(`/v1/invoices/${invoiceId}/pdf?groupBy=client`)).status).toBe(400);
    expect((await call.get(`/v1/invoices/${invoiceId}/ledes?format=1998C`)).status).toBe(400);
  });

  it("answers 404 for another firm's invoice on every export route", async () => {
    const { call, clientId, matterId } = await firm();
    await setUp(call, clientId, matterId);
    const invoiceId = await issueInvoice(call, matterId, [
      { minutes: 60, taskCode: 'L120', activityCode: 'A102' },
    ]);
    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    for (const url of [
      `/v1/invoices/${invoiceId}/ledes?format=1998B`,
      `/v1/invoices/${invoiceId}/pdf`,
      `/v1/invoices/${invoiceId}/lines.csv`,
    ])
      expect((await stranger.get(url)).status).toBe(404);
    const batch = await stranger.post('/v1/ledes/export', { invoiceIds: [invoiceId], format: '1998B' });
    expect(batch.status).toBe(404);
    expect((await stranger.post('/v1/ledes/export', { invoiceIds: [], format: '1998B' })).status).toBe(400);
    expect(
      (await stranger.post('/v1/ledes/export', { invoiceIds: [invoiceId, invoiceId], format: '1998B' }))
        .status,
    ).toBe(400);
  });
});
