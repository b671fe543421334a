/**
 * Pre-bills, invoices and credit notes against real PostgreSQL and the broker: rate precedence and
 * effective dates on real lines, pre-bill arithmetic, the outsourced-cost rule, gap-free numbers under
 * concurrent issues, immutability as the app role, credit notes, firm isolation and bad input.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ClientCreatedV1,
  createEnvelope,
  ExpenseApprovedV1,
  TimeEntryReversedV1,
  TOPICS,
} from '@lawfirm/contracts';
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
import { InvoicesService } from './invoices.service';

const KEEPER = 'keeper-1';

interface TimeInput {
  minutes: number;
  workDate?: string;
  timekeeperId?: string;
  activityCode?: string;
  taskCode?: string;
  outsourced?: boolean;
  vendorId?: string;
}

interface ExpenseInput {
  amountMinor: number;
  outsourced?: boolean;
  vendorId?: string;
  currency?: string;
}

describe('Invoices', () => {
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

  /** A firm with one open matter billing knows of, and a billing clerk calling billing. */
  async function firmWithMatter(): Promise<{ call: CallerClient; matterId: string; clientId: string }> {
    const caller = newCaller({ roles: ['firm-admin', 'billing'] });
    const clientId = randomUUID();
    const matterId = await publishMatterAndWait(app, producer, caller.firmId, { clientId });
    return { call: serviceClient(app).as(caller), matterId, clientId };
  }

  async function approveTime(call: CallerClient, matterId: string, entries: TimeInput[]): Promise<string[]> {
    const events = entries.map((entry) =>
      approvedTimeEntryEvent(call.caller.firmId, matterId, {
        minutes: entry.minutes,
        timekeeperId: entry.timekeeperId ?? KEEPER,
        timekeeperName: 'Ada Lovelace',
        classification: 'AS',
        ledesClassification: 'AS',
        ...(entry.workDate ? { workDate: entry.workDate } : {}),
        ...(entry.activityCode ? { activityCode: entry.activityCode } : {}),
        ...(entry.taskCode ? { taskCode: entry.taskCode } : {}),
        ...(entry.outsourced ? { outsourced: true } : {}),
        ...(entry.vendorId ? { vendorId: entry.vendorId } : {}),
      }),
    );
    await publishEvents(producer, TOPICS.timeEntry.name, events);
    const ids = events.map((event) => event.data.timeEntryId);
    await eventually(async () => {
      const wip = await call.get(`/v1/matters/${matterId}/wip?limit=200`);
      const seen = new Set((wip.body.items ?? []).map((item: { timeEntryId: string }) => item.timeEntryId));
      return ids.every((id) => seen.has(id)) ? true : undefined;
    });
    return ids;
  }

  async function approveExpenses(
    call: CallerClient,
    matterId: string,
    expenses: ExpenseInput[],
  ): Promise<string[]> {
    const events = expenses.map((expense) => {
      const expenseId = randomUUID();
      return createEnvelope({
        type: ExpenseApprovedV1.type,
        firmId: call.caller.firmId,
        aggregateId: expenseId,
        actor: { type: 'user', id: 'approver' },
        correlationId: randomUUID(),
        data: {
          expenseId,
          matterId,
          timekeeperId: KEEPER,
          expenseDate: '2026-11-12',
          expenseCode: 'E112',
          description: 'Filing fee',
          amountMinor: expense.amountMinor,
          currency: expense.currency ?? 'USD',
          billable: true,
          outsourced: expense.outsourced ?? false,
          ...(expense.vendorId ? { vendorId: expense.vendorId } : {}),
          approvedAt: new Date().toISOString(),
          approvedBy: 'approver',
        },
      });
    });
    await producer.send({
      topic: TOPICS.expense.name,
      messages: events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    });
    const ids = events.map((event) => event.data.expenseId);
    await eventually(async () => {
      const wip = await call.get(`/v1/matters/${matterId}/wip`);
      const seen = new Set((wip.body.expenses ?? []).map((item: { expenseId: string }) => item.expenseId));
      return ids.every((id) => seen.has(id)) ? true : undefined;
    });
    return ids;
  }

  async function rule(call: CallerClient, body: Record<string, unknown>): Promise<string> {
    const response = await call.post('/v1/rate-rules', {
      currency: 'USD',
      effectiveFrom: '2026-01-01',
      ...body,
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  async function preBill(
    call: CallerClient,
    matterId: string,
    extra: Record<string, unknown> = {},
  ): Promise<TestResponse> {
    return call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD', ...extra });
  }

  async function outbox(firmId: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data' AS data FROM outbox ORDER BY created_at, id`,
      ),
    );
  }

  function expectProblem(response: TestResponse, status: number, code: string): void {
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
  }

  const lineOf = (body: { lines: Array<Record<string, unknown>> }, key: string, value: unknown) =>
    body.lines.find((line) => line[key] === value) as Record<string, unknown>;

  it('prices each time line by the precedence and the rule in effect on its work date, storing both', async () => {
    const { call, matterId, clientId } = await firmWithMatter();
    const defaultRule = await rule(call, { scope: 'timekeeper', timekeeperId: KEEPER, rateMinor: 10000 });
    const activityRule = await rule(call, { scope: 'activity', activityCode: 'A103', rateMinor: 20000 });
    const clientRule = await rule(call, { scope: 'client', clientId, rateMinor: 30000 });
    const matterRule = await rule(call, {
      scope: 'matter',
      matterId,
      rateMinor: 40000,
      effectiveTo: '2026-11-14',
    });
    const raised = await rule(call, {
      scope: 'matter',
      matterId,
      rateMinor: 45000,
      effectiveFrom: '2026-11-15',
    });
    const keeperOnMatter = await rule(call, {
      scope: 'matter-timekeeper',
      matterId,
      timekeeperId: 'keeper-2',
      rateMinor: 50000,
    });
    const otherFirmRule = await serviceClient(app).as(newCaller()).post('/v1/rate-rules', {
      scope: 'matter',
      matterId,
      rateMinor: 99900,
      currency: 'USD',
      effectiveFrom: '2026-01-01',
    });
    expect(otherFirmRule.status).toBe(404); // the matter is not the other firm's

    const [beforeRaise, afterRaise, keeper2] = await approveTime(call, matterId, [
      { minutes: 60, workDate: '2026-11-14' },
      { minutes: 60, workDate: '2026-11-15' },
      { minutes: 30, workDate: '2026-11-15', timekeeperId: 'keeper-2' },
    ]);
    const created = await preBill(call, matterId);
    expect(created.status).toBe(201);
    expect(lineOf(created.body, 'timeEntryId', beforeRaise)).toMatchObject({
      rateMinor: 40000,
      rateRuleId: matterRule,
      rateSource: 'matter',
      amountMinor: 40000,
      minutes: 60,
      billedTenths: 10,
    });
    expect(lineOf(created.body, 'timeEntryId', afterRaise)).toMatchObject({
      rateMinor: 45000,
      rateRuleId: raised,
    });
    expect(lineOf(created.body, 'timeEntryId', keeper2)).toMatchObject({
      rateMinor: 50000,
      rateRuleId: keeperOnMatter,
      rateSource: 'matter-timekeeper',
      amountMinor: 25000,
    });
    expect(created.body.totals).toMatchObject({ feesMinor: 110000, totalMinor: 110000 });

    // Ended matter rules leave the client rate; a matter of another client falls to activity, then the default.
    await call.delete(`/v1/pre-bills/${created.body.id}`);
    expect((await call.post(`/v1/rate-rules/${matterRule}/end`, { lastDay: '2026-01-01' })).status).toBe(200);
    expect((await call.post(`/v1/rate-rules/${raised}/end`, { lastDay: '2026-11-15' })).status).toBe(200);
    const second = (await preBill(call, matterId)).body;
    expect(lineOf(second, 'timeEntryId', beforeRaise)).toMatchObject({
      rateRuleId: clientRule,
      rateSource: 'client',
    });
    expect(lineOf(second, 'timeEntryId', afterRaise)).toMatchObject({
      rateRuleId: raised,
      rateSource: 'matter',
    });

    const otherMatter = await publishMatterAndWait(app, producer, call.caller.firmId);
    const [withActivity, plain] = await approveTime(call, otherMatter, [
      { minutes: 6, activityCode: 'A103' },
      { minutes: 6, activityCode: 'A104' },
    ]);
    const third = (await preBill(call, otherMatter)).body;
    expect(lineOf(third, 'timeEntryId', withActivity)).toMatchObject({
      rateRuleId: activityRule,
      rateSource: 'activity',
      amountMinor: 2000,
    });
    expect(lineOf(third, 'timeEntryId', plain)).toMatchObject({
      rateRuleId: defaultRule,
      rateSource: 'timekeeper',
      amountMinor: 1000,
    });
  });

  it('refuses a pre-bill with unpriced time, naming each entry, and holds nothing', async () => {
    const { call, matterId } = await firmWithMatter();
    const [entry] = await approveTime(call, matterId, [{ minutes: 30 }]);
    const refused = await preBill(call, matterId);
    expectProblem(refused, 422, 'rate_not_found');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: `timeEntries[${entry}]` })]);
    expect((await call.get('/v1/invoices')).body.items).toEqual([]);
    const wip = await call.get(`/v1/matters/${matterId}/wip`);
    expect(wip.body.items[0].onPreBill).toBe(false);
  });

  it('adds time (half-up per line), expenses, flat fees by phase, discounts and write-offs', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 33335 }); // 333.35 an hour
    const [tenth, discovery, writtenOff] = await approveTime(call, matterId, [
      { minutes: 6 }, // 0.1 h → 33.335 → 33.34
      { minutes: 90, taskCode: 'L300' },
      { minutes: 60 },
    ]);
    const [filing] = await approveExpenses(call, matterId, [{ amountMinor: 4000 }]);
    const created = (await preBill(call, matterId)).body;
    expect(lineOf(created, 'timeEntryId', tenth).amountMinor).toBe(3334);
    expect(lineOf(created, 'expenseId', filing)).toMatchObject({
      kind: 'expense',
      amountMinor: 4000,
      costMinor: 4000,
    });

    const writeOff = await call.patch(
      `/v1/pre-bills/${created.id}/lines/${lineOf(created, 'timeEntryId', writtenOff).id}`,
      {
        adjustment: { kind: 'write-off', reason: 'Duplicate research' },
      },
    );
    expect(lineOf(writeOff.body, 'timeEntryId', writtenOff)).toMatchObject({
      amountMinor: 0,
      adjustmentReason: 'Duplicate research',
    });
    const discounted = await call.patch(
      `/v1/pre-bills/${created.id}/lines/${lineOf(created, 'timeEntryId', tenth).id}`,
      {
        narrative: 'Reviewed the order',
        adjustment: { kind: 'percent-discount', percent: 50, reason: 'Courtesy' },
      },
    );
    expect(lineOf(discounted.body, 'timeEntryId', tenth)).toMatchObject({
      amountMinor: 1667,
      narrative: 'Reviewed the order',
    });

    const flat = await call.post(`/v1/pre-bills/${created.id}/flat-fees`, {
      amountMinor: 150000,
      description: 'Discovery, flat',
      phase: 'L300',
    });
    expect(flat.status).toBe(201);
    expect(lineOf(flat.body, 'timeEntryId', discovery)).toMatchObject({
      amountMinor: 0,
      standardMinor: 50003,
    });
    // fees: 1667 (discounted tenth) + 0 (written off) + 0 (covered) + 150000 flat
    expect(flat.body.totals).toMatchObject({
      feesMinor: 151667,
      disbursementsMinor: 4000,
      totalMinor: 155667,
    });

    const billDiscount = await call.patch(`/v1/pre-bills/${created.id}`, {
      discount: { kind: 'amount', amountMinor: 1667, reason: 'Loyalty' },
    });
    expect(billDiscount.body.totals).toMatchObject({ discountMinor: 1667, totalMinor: 154000 });

    // Moving a line to a later bill: it leaves this one and waits in WIP, untouched.
    const moved = await call.delete(
      `/v1/pre-bills/${created.id}/lines/${lineOf(created, 'expenseId', filing).id}`,
    );
    expect(moved.body.totals).toMatchObject({ disbursementsMinor: 0, totalMinor: 150000 });
    const wip = (await call.get(`/v1/matters/${matterId}/wip`)).body;
    expect(wip.expenses).toEqual([
      expect.objectContaining({ expenseId: filing, onPreBill: false, amountMinor: 4000 }),
    ]);
    expect(wip.totalMinutes).toBe(156); // raw minutes never change

    const actions = (await outbox(call.caller.firmId))
      .filter((row) => row.type === 'audit.recorded')
      .map((row) => row.data.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'pre-bill.created',
        'pre-bill.line-edited',
        'pre-bill.flat-fee-added',
        'pre-bill.discounted',
        'pre-bill.line-deferred',
      ]),
    );
  });

  it('computes a contingency fee with expenses deducted before or after the fee, as the matter agreed', async () => {
    for (const [expensesDeducted, expectedFee] of [
      ['before-fee', 3166350], // 33.33% of (100,000.00 − 5,000.00)
      ['after-fee', 3333000], // 33.33% of 100,000.00
    ] as const) {
      const { call, matterId } = await firmWithMatter();
      const terms = await call.put(`/v1/matters/${matterId}/billing-terms`, {
        currency: 'USD',
        contingency: { settlementPercent: 33.33, expensesDeducted },
      });
      expect(terms.status).toBe(200);
      await approveExpenses(call, matterId, [{ amountMinor: 500000 }]);
      const created = (await preBill(call, matterId)).body;
      const withFee = await call.post(`/v1/pre-bills/${created.id}/contingency`, {
        recoveryMinor: 10000000,
        stage: 'settlement',
      });
      expect(withFee.status).toBe(201);
      expect(lineOf(withFee.body, 'kind', 'contingency')).toMatchObject({
        amountMinor: expectedFee,
        details: expect.objectContaining({
          expensesMinor: 500000,
          clientNetMinor: 10000000 - expectedFee - 500000,
        }),
      });
      expect(withFee.body.totals.totalMinor).toBe(expectedFee + 500000);
    }
  });

  it('refuses to mark up an outsourced disbursement or bill vendor time without a disclosed markup, naming the lines', async () => {
    const { call, matterId } = await firmWithMatter();
    const vendorId = randomUUID();
    await rule(call, { scope: 'matter', matterId, rateMinor: 20000 });
    const [vendorTime] = await approveTime(call, matterId, [{ minutes: 60, outsourced: true, vendorId }]);
    const [vendorCost] = await approveExpenses(call, matterId, [
      { amountMinor: 10000, outsourced: true, vendorId },
    ]);
    const created = (await preBill(call, matterId)).body;
    expect(lineOf(created, 'expenseId', vendorCost)).toMatchObject({
      outsourced: true,
      vendorId,
      costMinor: 10000,
    });
    const costLine = lineOf(created, 'expenseId', vendorCost).id as string;
    const timeLine = lineOf(created, 'timeEntryId', vendorTime).id as string;

    const markedUp = await call.patch(`/v1/pre-bills/${created.id}/lines/${costLine}`, {
      adjustment: { kind: 'set-amount', amountMinor: 11500, reason: 'Handling' },
    });
    expectProblem(markedUp, 422, 'outsourced_cost_rule');
    expect(markedUp.body.errors).toEqual([expect.objectContaining({ field: `lines[${costLine}]` })]);
    expect(lineOf((await call.get(`/v1/invoices/${created.id}`)).body, 'id', costLine).amountMinor).toBe(
      10000,
    );

    const undisclosed = await call.post(`/v1/pre-bills/${created.id}/issue`);
    expectProblem(undisclosed, 422, 'outsourced_cost_rule');
    expect(undisclosed.body.errors).toEqual([expect.objectContaining({ field: `lines[${timeLine}]` })]);

    // Disclosed on the matter, a new pre-bill carries the markup and issues; the cost stays at cost.
    await call.put(`/v1/matters/${matterId}/billing-terms`, {
      currency: 'USD',
      vendorMarkup: { percent: 15, disclosure: 'Engagement letter, section 4' },
    });
    await call.delete(`/v1/pre-bills/${created.id}`);
    const disclosed = (await preBill(call, matterId)).body;
    expect(lineOf(disclosed, 'timeEntryId', vendorTime)).toMatchObject({ markupBp: 1500 });
    const issued = await call.post(`/v1/pre-bills/${disclosed.id}/issue`);
    expect(issued.status).toBe(200);
    expect(lineOf(issued.body, 'expenseId', vendorCost).amountMinor).toBe(10000);
  });

  it('gives 20 concurrent issues 20 consecutive numbers with no gap or duplicate, in the configured format', async () => {
    const { call } = await firmWithMatter();
    const numbering = await call.put('/v1/invoice-numbering/invoice', { prefix: 'ACME-2026-', padding: 4 });
    expect(numbering.body).toMatchObject({ nextNumber: 'ACME-2026-0001' });
    const bills: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const matterId = await publishMatterAndWait(app, producer, call.caller.firmId);
      await call.put(`/v1/matters/${matterId}/billing-terms`, { currency: 'USD', flatFeeMinor: 100000 });
      const bill = (await preBill(call, matterId)).body;
      await call.post(`/v1/pre-bills/${bill.id}/flat-fees`, { description: `Matter ${index + 1}` });
      bills.push(bill.id);
    }
    const issued = await Promise.all(bills.map((id) => call.post(`/v1/pre-bills/${id}/issue`)));
    expect(issued.map((response) => response.status)).toEqual(bills.map(() => 200));
    const numbers = issued.map((response) => response.body.number as string).sort();
    expect(numbers).toEqual(
      Array.from({ length: 20 }, (_, index) => `ACME-2026-${String(index + 1).padStart(4, '0')}`),
    );
    const events = (await outbox(call.caller.firmId)).filter((row) => row.type === 'billing.invoice.issued');
    expect(events.map((row) => row.data.invoiceNumber).sort()).toEqual(numbers);
    expect((await call.get('/v1/invoice-numbering')).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ series: 'invoice', nextNumber: 'ACME-2026-0021' })]),
    );
  });

  it('makes one pre-bill when twenty identical requests race, and answers the rest 409', async () => {
    const { call, matterId, clientId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    await approveTime(call, matterId, [{ minutes: 30 }]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => preBill(call, matterId)));
    const made = answers.filter((response) => response.status === 201);
    expect(made).toHaveLength(1);
    for (const refused of answers.filter((response) => response.status !== 201)) {
      expectProblem(refused, 409, 'pre_bill_exists');
      expect(refused.body.preBillId).toBe(made[0]!.body.id);
    }
    expect(made[0]!.body.lines).toHaveLength(1);
    // A bill across the client's matters would take the same work: refused too, until this one is gone.
    const acrossClient = await call.post('/v1/pre-bills', {
      clientId,
      periodEnd: '2026-11-30',
      currency: 'USD',
    });
    expectProblem(acrossClient, 409, 'pre_bill_exists');
    expect((await call.get('/v1/invoices?status=draft')).body.items).toHaveLength(1);
  });

  it('issues one pre-bill once when twenty issue it at once, and marks its work billed', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    const entries = await approveTime(call, matterId, [{ minutes: 30 }, { minutes: 45 }]);
    const [expense] = await approveExpenses(call, matterId, [{ amountMinor: 2500 }]);
    const bill = (await preBill(call, matterId)).body;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call.post(`/v1/pre-bills/${bill.id}/issue`)),
    );
    const ok = answers.filter((response) => response.status === 200);
    expect(ok).toHaveLength(1);
    for (const refused of answers.filter((response) => response.status !== 200))
      expectProblem(refused, 409, 'invoice_already_issued');
    expect(ok[0]!.body).toMatchObject({ status: 'issued', number: 'INV-000001' });
    const issuedEvents = (await outbox(call.caller.firmId)).filter(
      (row) => row.type === 'billing.invoice.issued',
    );
    expect(issuedEvents).toHaveLength(1);
    expect(issuedEvents[0]!.data).toMatchObject({ invoiceId: bill.id, matterId, expenseIds: [expense] });
    expect((issuedEvents[0]!.data.timeEntryIds as string[]).sort()).toEqual([...entries].sort());
    const wip = (await call.get(`/v1/matters/${matterId}/wip`)).body;
    expect(wip).toMatchObject({ entryCount: 0, expenses: [] });
    // Nothing is left to bill: a new pre-bill is empty and cannot be issued.
    const empty = (await preBill(call, matterId)).body;
    expect(empty.lines).toEqual([]);
    expectProblem(await call.post(`/v1/pre-bills/${empty.id}/issue`), 422, 'invoice_empty');
  });

  it('refuses to issue a pre-bill whose time was reversed since, naming the line', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    const [entry] = await approveTime(call, matterId, [{ minutes: 30 }]);
    const bill = (await preBill(call, matterId)).body;
    const reversal = createEnvelope({
      type: TimeEntryReversedV1.type,
      firmId: call.caller.firmId,
      aggregateId: randomUUID(),
      actor: { type: 'user', id: 'approver' },
      correlationId: randomUUID(),
      data: {
        timeEntryId: randomUUID(),
        matterId,
        timekeeperId: KEEPER,
        workDate: '2026-11-10',
        minutes: -30,
        billedTenths: -5,
        narrative: 'Reversal',
        billable: true,
        reversedEntryId: entry!,
      },
    });
    await producer.send({
      topic: TOPICS.timeEntry.name,
      messages: [{ key: reversal.aggregateId, value: JSON.stringify(reversal) }],
    });
    await eventually(async () =>
      (await call.get(`/v1/matters/${matterId}/wip`)).body.entryCount === 0 ? true : undefined,
    );
    const refused = await call.post(`/v1/pre-bills/${bill.id}/issue`);
    expectProblem(refused, 409, 'pre_bill_stale');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: `lines[${bill.lines[0].id}]` })]);
  });

  it('keeps an issued invoice and its lines immutable in the database, even for the app role', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    await approveTime(call, matterId, [{ minutes: 30 }]);
    const bill = (await preBill(call, matterId)).body;
    const issued = (await call.post(`/v1/pre-bills/${bill.id}/issue`)).body;
    const dataSource = app.get(DataSource);
    const asAppRole = (sql: string, parameters: unknown[]) =>
      withTenant(dataSource, call.caller.firmId, async (manager) => {
        const [{ role }] = (await manager.query('SELECT current_user AS role')) as Array<{ role: string }>;
        expect(role).not.toBe('postgres');
        return manager.query(sql, parameters);
      });
    await expect(asAppRole('UPDATE invoices SET total_minor = 0 WHERE id = $1', [issued.id])).rejects.toThrow(
      /is issued and cannot be changed/,
    );
    await expect(asAppRole('DELETE FROM invoices WHERE id = $1', [issued.id])).rejects.toThrow(
      /is issued and cannot be changed/,
    );
    await expect(
      asAppRole('UPDATE invoice_lines SET amount_minor = 1 WHERE invoice_id = $1', [issued.id]),
    ).rejects.toThrow(/cannot be changed/);
    await expect(asAppRole('DELETE FROM invoice_lines WHERE invoice_id = $1', [issued.id])).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(
      asAppRole(
        `INSERT INTO invoice_lines (firm_id, id, invoice_id, position, kind, matter_id, narrative, standard_minor, amount_minor, outsourced)
         VALUES ($1, $2, $3, 99, 'flat-fee', $4, 'sneaked in', 1, 1, false)`,
        [call.caller.firmId, randomUUID(), issued.id, matterId],
      ),
    ).rejects.toThrow(/cannot be changed/);
    const credit = (
      await call.post(`/v1/invoices/${issued.id}/credit-notes`, { amountMinor: 100, reason: 'x' })
    ).body;
    await expect(
      asAppRole('UPDATE credit_notes SET amount_minor = 1 WHERE id = $1', [credit.id]),
    ).rejects.toThrow(/permission denied/);
    // Through the API, every edit of an issued invoice is a 409.
    expectProblem(
      await call.patch(`/v1/pre-bills/${issued.id}`, { discount: null }),
      409,
      'invoice_already_issued',
    );
    expectProblem(await call.delete(`/v1/pre-bills/${issued.id}`), 409, 'invoice_already_issued');
    const after = (await call.get(`/v1/invoices/${issued.id}`)).body;
    expect(after.totals).toMatchObject({ totalMinor: 15000, creditedMinor: 100, balanceMinor: 14900 });
    expect(after.lines).toHaveLength(1);
  });

  it('credits an invoice partly, then voids it with a full credit note, numbered gap-free and published', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    await approveTime(call, matterId, [{ minutes: 60 }]);
    const bill = (await preBill(call, matterId)).body;
    const draftCredit = await call.post(`/v1/invoices/${bill.id}/credit-notes`, {
      amountMinor: 100,
      reason: 'x',
    });
    expectProblem(draftCredit, 409, 'invoice_not_issued');
    const invoice = (await call.post(`/v1/pre-bills/${bill.id}/issue`)).body;

    const partial = await call.post(`/v1/invoices/${invoice.id}/credit-notes`, {
      amountMinor: 5000,
      reason: 'Rate error',
    });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ number: 'CN-000001', amountMinor: 5000, extent: 'partial' });
    expectProblem(
      await call.post(`/v1/invoices/${invoice.id}/credit-notes`, { amountMinor: 25001, reason: 'Too much' }),
      422,
      'credit_exceeds_balance',
    );
    const voided = await call.post(`/v1/invoices/${invoice.id}/void`, {
      reason: 'Billed to the wrong client',
    });
    expect(voided.body).toMatchObject({ number: 'CN-000002', amountMinor: 25000, extent: 'full' });
    expectProblem(
      await call.post(`/v1/invoices/${invoice.id}/void`, { reason: 'again' }),
      409,
      'invoice_fully_credited',
    );
    const read = (await call.get(`/v1/invoices/${invoice.id}`)).body;
    expect(read).toMatchObject({
      status: 'credited',
      totals: { totalMinor: 30000, creditedMinor: 30000, balanceMinor: 0 },
    });
    expect(read.creditNotes.map((note: { number: string }) => note.number)).toEqual([
      'CN-000001',
      'CN-000002',
    ]);
    expect((await call.get(`/v1/credit-notes/${voided.body.id}`)).body).toMatchObject({
      invoiceId: invoice.id,
    });
    const credited = (await outbox(call.caller.firmId)).filter(
      (row) => row.type === 'billing.invoice.credited',
    );
    expect(credited.map((row) => row.data.extent)).toEqual(['partial', 'full']);
  });

  it('bills a client across its matters on one invoice, with client and matter names for the documents', async () => {
    const caller = newCaller({ roles: ['billing'] });
    const call = serviceClient(app).as(caller);
    const clientId = randomUUID();
    const client = createEnvelope({
      type: ClientCreatedV1.type,
      firmId: caller.firmId,
      aggregateId: clientId,
      actor: { type: 'user', id: 'intake' },
      correlationId: randomUUID(),
      data: { clientId, kind: 'company', name: 'Acme Corporation' },
    });
    await producer.send({
      topic: TOPICS.intakeClient.name,
      messages: [{ key: clientId, value: JSON.stringify(client) }],
    });
    const first = await publishMatterAndWait(app, producer, caller.firmId, { clientId });
    const second = await publishMatterAndWait(app, producer, caller.firmId, { clientId });
    await rule(call, { scope: 'client', clientId, rateMinor: 10000 });
    await approveTime(call, first, [{ minutes: 60 }]);
    await approveTime(call, second, [{ minutes: 30 }]);
    const bill = await call.post('/v1/pre-bills', { clientId, periodEnd: '2026-11-30', currency: 'USD' });
    expect(bill.status).toBe(201);
    expect(bill.body).toMatchObject({ matter: null, totals: { totalMinor: 15000 } });
    expect(bill.body.matters.map((matter: { id: string }) => matter.id).sort()).toEqual(
      [first, second].sort(),
    );
    const issued = (await call.post(`/v1/pre-bills/${bill.body.id}/issue`)).body;
    await eventually(async () =>
      (await call.get(`/v1/invoices/${issued.id}`)).body.client.name === 'Acme Corporation'
        ? true
        : undefined,
    );
    const listed = await call.get(`/v1/invoices?matterId=${second}&status=issued`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([issued.id]);
    // A second (draft) bill: the list pages newest first with a cursor.
    const draft = (await preBill(call, first, { periodEnd: '2026-12-31' })).body;
    const page = await call.get('/v1/invoices?limit=1');
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([draft.id]);
    const next = await call.get(`/v1/invoices?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body).toMatchObject({ items: [{ id: issued.id, status: 'issued' }], nextCursor: null });

    // What the LEDES export and the invoice documents read: the issued invoice with names and codes.
    const invoices = app.get(InvoicesService);
    const exported = await invoices.issuedInvoice(caller, issued.id);
    expect(exported).toMatchObject({
      number: issued.number,
      clientId,
      clientName: 'Acme Corporation',
      matterId: null,
      totalMinor: 15000,
      taxMinor: 0,
      creditedMinor: 0,
    });
    expect(exported.matters.map((matter) => matter.number)).toEqual(['2026-0001', '2026-0001']);
    expect(exported.lines).toHaveLength(2);
    expect(exported.lines[0]).toMatchObject({
      kind: 'time',
      timekeeperId: KEEPER,
      timekeeperName: 'Ada Lovelace',
      classification: 'AS',
      ledesClassification: 'AS',
      date: '2026-11-10',
      billedTenths: expect.any(Number),
      rateMinor: 10000,
      matterTitle: 'Test matter',
      outsourced: false,
    });
    await expect(invoices.issuedInvoice(caller, draft.id)).rejects.toMatchObject({
      code: 'invoice_not_found',
    });
    await expect(invoices.issuedInvoice(newCaller(), issued.id)).rejects.toMatchObject({
      code: 'invoice_not_found',
    });
  });

  it('answers 404 to another firm on every invoice route and changes nothing', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    await approveTime(call, matterId, [{ minutes: 30 }, { minutes: 30 }]);
    const draft = (await preBill(call, matterId)).body;
    const [lineId] = draft.lines.map((line: { id: string }) => line.id);
    const other = serviceClient(app).as(newCaller());
    const attempts: Array<Promise<TestResponse>> = [
      other.get(`/v1/invoices/${draft.id}`),
      other.patch(`/v1/pre-bills/${draft.id}`, { discount: null }),
      other.patch(`/v1/pre-bills/${draft.id}/lines/${lineId}`, { narrative: 'x' }),
      other.delete(`/v1/pre-bills/${draft.id}/lines/${lineId}`),
      other.post(`/v1/pre-bills/${draft.id}/flat-fees`, { amountMinor: 1, description: 'x' }),
      other.post(`/v1/pre-bills/${draft.id}/contingency`, { recoveryMinor: 1, stage: 'settlement' }),
      other.post(`/v1/pre-bills/${draft.id}/issue`),
      other.delete(`/v1/pre-bills/${draft.id}`),
      other.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' }),
      other.get(`/v1/matters/${matterId}/billing-terms`),
      other.put(`/v1/matters/${matterId}/billing-terms`, { currency: 'USD' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    const issued = (await call.post(`/v1/pre-bills/${draft.id}/issue`)).body;
    expect(issued.number).toBe('INV-000001');
    const credit = (
      await call.post(`/v1/invoices/${issued.id}/credit-notes`, { amountMinor: 1, reason: 'x' })
    ).body;
    for (const response of await Promise.all([
      other.post(`/v1/invoices/${issued.id}/credit-notes`, { amountMinor: 1, reason: 'x' }),
      other.post(`/v1/invoices/${issued.id}/void`, { reason: 'x' }),
      other.get(`/v1/credit-notes/${credit.id}`),
    ]))
      expect(response.status).toBe(404);
    expect((await other.get('/v1/invoices')).body.items).toEqual([]);
    const mine = (await call.get(`/v1/invoices/${issued.id}`)).body;
    expect(mine).toMatchObject({
      status: 'partially-credited',
      totals: { totalMinor: 30000, creditedMinor: 1 },
    });
  });

  it('refuses bad input with 400 problem+json naming the field, and creates nothing', async () => {
    const { call, matterId } = await firmWithMatter();
    await rule(call, { scope: 'matter', matterId, rateMinor: 30000 });
    await approveTime(call, matterId, [{ minutes: 30 }]);
    const bodies: Array<[Record<string, unknown> | string, string]> = [
      [{ matterId, periodEnd: '2026-11-30', currency: null }, 'currency'],
      [{ matterId, periodEnd: '2026-02-30', currency: 'USD' }, 'periodEnd'],
      [{ matterId: 42, periodEnd: '2026-11-30', currency: 'USD' }, 'matterId'],
      [{ matterId, periodEnd: '2026-11-30', currency: 'usd' }, 'currency'],
      [{ matterId, periodEnd: '2026-11-30', currency: 'USD', periodStart: null }, 'periodStart'],
      [{ matterId, periodEnd: '2026-11-30', currency: 'USD', extra: 1 }, 'extra'],
      [{ matterId, clientId: matterId, periodEnd: '2026-11-30', currency: 'USD' }, 'matterId'],
      [{ periodEnd: '2026-11-30\u0000', currency: 'USD', matterId }, 'periodEnd'],
      ['[1, 2]', ''],
    ];
    for (const [body, field] of bodies) {
      const response = await call.request('POST', '/v1/pre-bills', body, {
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      if (field) expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    expect((await call.get('/v1/invoices')).body.items).toEqual([]);
    const draft = (await preBill(call, matterId)).body;
    const lineId = draft.lines[0].id;
    for (const [body, field] of [
      [{ adjustment: { kind: 'percent-discount', reason: 'x' } }, 'adjustment.percent'],
      [{ adjustment: { kind: 'write-off', reason: '' } }, 'reason'],
      [{ adjustment: 'write-off' }, 'adjustment'],
      [{ adjustment: [] }, 'adjustment'],
      [{ narrative: null }, 'narrative'],
      [{ narrative: 'bad \u0000 text' }, 'narrative'],
      [{ adjustment: { kind: 'amount-discount', amountMinor: 1.5, reason: 'x' } }, 'amountMinor'],
    ] as const) {
      const response = await call.patch(`/v1/pre-bills/${draft.id}/lines/${lineId}`, body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    for (const [body, field] of [
      [{ recoveryMinor: -1, stage: 'settlement' }, 'recoveryMinor'],
      [{ recoveryMinor: 100, stage: 'mediation' }, 'stage'],
    ] as const)
      expect(
        JSON.stringify((await call.post(`/v1/pre-bills/${draft.id}/contingency`, body)).body.errors),
      ).toContain(field);
    expect(
      (await call.post(`/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 0, reason: 'x' })).status,
    ).toBe(400);
    expect((await call.put('/v1/invoice-numbering/invoice', { prefix: 'A B', padding: 4 })).status).toBe(400);
    expect((await call.put('/v1/invoice-numbering/receipts', { prefix: 'A', padding: 4 })).status).toBe(404);
    expect(
      (await call.put(`/v1/matters/${matterId}/billing-terms`, { currency: 'USD', contingency: [] })).status,
    ).toBe(400);
    const unchanged = (await call.get(`/v1/invoices/${draft.id}`)).body;
    expect(unchanged.lines[0]).toMatchObject({
      narrative: 'Drafted the motion',
      adjustmentKind: null,
      amountMinor: 15000,
    });
    expect(unchanged.lines).toHaveLength(1);
  });
});
