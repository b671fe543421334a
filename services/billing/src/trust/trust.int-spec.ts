/**
 * Trust (IOLTA) ledgers against real PostgreSQL and the broker: deposits with hold days, transfers that
 * pay an issued invoice (a payment on it, in the same transaction, never beyond what is open), refunds and
 * third-party payments, bank fees and interest on the firm's funds line, reversals, refused overdrafts
 * (422 with the available balance, audited), low-balance events once per crossing, immutability in the
 * database, concurrent transfers that cannot overdraw, firm isolation and bad input.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@lawfirm/contracts';
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
  testDatabase,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';
import { TrustRepository } from './trust.repository';

const RATE_MINOR = 30000; // 300.00 an hour: 60 minutes bill 30000
const TODAY = new Date().toISOString().slice(0, 10);

describe('Trust ledgers', () => {
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

  interface Firm {
    call: CallerClient;
    clientId: string;
    matterId: string;
    accountId: string;
  }

  /** A firm with a billing clerk, one client matter and a trust account (hold days as given). */
  async function firm(holdDays = 0): Promise<Firm> {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    const clientId = randomUUID();
    const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
    const account = await call.post('/v1/trust/accounts', {
      name: 'IOLTA',
      kind: 'iolta',
      currency: 'USD',
      holdDays,
      bankName: 'First Bank',
      accountLast4: '1234',
    });
    expect(account.status).toBe(201);
    return { call, clientId, matterId, accountId: account.body.id as string };
  }

  /** An issued invoice on the firm's matter for `minutes` of time at 300.00 an hour. */
  async function issuedInvoice({ call, matterId }: Firm, minutes: number): Promise<string> {
    await call.post('/v1/rate-rules', {
      scope: 'matter',
      matterId,
      rateMinor: RATE_MINOR,
      currency: 'USD',
      effectiveFrom: '2026-01-01',
    });
    const before = (await call.get(`/v1/matters/${matterId}/wip`)).body.entryCount as number;
    await publishEvents(producer, TOPICS.timeEntry.name, [
      approvedTimeEntryEvent(call.caller.firmId, matterId, {
        minutes,
        timekeeperId: 'keeper-1',
        timekeeperName: 'Ada Lovelace',
        classification: 'AS',
        ledesClassification: 'AS',
      }),
    ]);
    await eventually(async () =>
      (await call.get(`/v1/matters/${matterId}/wip`)).body.entryCount === before + 1 ? true : undefined,
    );
    const bill = await call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' });
    expect(bill.status).toBe(201);
    const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
    expect(issued.status).toBe(200);
    return issued.body.id as string;
  }

  function deposit(f: Firm, amountMinor: number, extra: Record<string, unknown> = {}) {
    return f.call.post(`/v1/trust/accounts/${f.accountId}/deposits`, {
      matterId: f.matterId,
      amountMinor,
      receivedOn: '2026-11-02',
      payer: 'Acme Corp',
      method: 'wire',
      reference: 'WIRE-1',
      ...extra,
    });
  }

  function disburse(f: Firm, amountMinor: number, kind = 'refund') {
    return f.call.post(`/v1/trust/accounts/${f.accountId}/disbursements`, {
      kind,
      matterId: f.matterId,
      amountMinor,
      paidOn: '2026-11-20',
      payee: kind === 'refund' ? 'Acme Corp' : 'Medical lien holder',
      method: 'check',
      reference: 'CHK 77',
    });
  }

  async function ledger(f: Firm): Promise<Record<string, unknown>> {
    const response = await f.call.get(`/v1/trust/accounts/${f.accountId}/ledgers`);
    expect(response.status).toBe(200);
    return (
      (response.body.items as Array<Record<string, unknown>>).find((item) => item.matterId === f.matterId) ??
      {}
    );
  }

  async function outbox(
    firmId: string,
    like: string,
  ): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
    return withTenant(app.get(DataSource), firmId, (manager) =>
      manager.query(
        `SELECT envelope->>'type' AS type, envelope->'data' AS data FROM outbox
         WHERE envelope->>'type' LIKE $1 ORDER BY created_at, id`,
        [like],
      ),
    );
  }

  async function audits(firmId: string, action: string): Promise<Array<Record<string, unknown>>> {
    const rows = await outbox(firmId, 'audit.%');
    return rows.map((row) => row.data).filter((data) => data.action === action);
  }

  function expectProblem(response: TestResponse, status: number, code: string): void {
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
  }

  it('records deposits on the matter ledger and keeps the account balance equal to the sum of ledgers', async () => {
    const f = await firm();
    const first = await deposit(f, 500000, { memo: 'Retainer' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'deposit',
      amountMinor: 500000,
      balanceAfterMinor: 500000,
      clientId: f.clientId,
      matterId: f.matterId,
      counterparty: 'Acme Corp',
      method: 'wire',
      clearedOn: '2026-11-02',
    });
    expect((await deposit(f, 2500)).body.balanceAfterMinor).toBe(502500);
    expect(await ledger(f)).toMatchObject({
      balanceMinor: 502500,
      availableMinor: 502500,
      unclearedMinor: 0,
    });
    const account = (await f.call.get(`/v1/trust/accounts/${f.accountId}`)).body;
    expect(account).toMatchObject({
      bookBalanceMinor: 502500,
      clientLedgersMinor: 502500,
      firmFundsMinor: 0,
    });
    const events = await outbox(f.call.caller.firmId, 'billing.trust.%');
    expect(events.map((event) => [event.type, event.data.amountMinor])).toEqual([
      ['billing.trust.entry-recorded', 500000],
      ['billing.trust.entry-recorded', 2500],
    ]);
    expect(await audits(f.call.caller.firmId, 'trust.deposit')).toHaveLength(2);
  });

  it('holds a new deposit as uncleared for the account hold days: it cannot be disbursed until then', async () => {
    const f = await firm(5);
    expect((await deposit(f, 10000, { receivedOn: '2026-01-05' })).status).toBe(201); // long cleared
    const fresh = await deposit(f, 40000, { receivedOn: TODAY });
    expect(fresh.body.clearedOn > TODAY).toBe(true);
    expect(await ledger(f)).toMatchObject({
      balanceMinor: 50000,
      unclearedMinor: 40000,
      availableMinor: 10000,
    });
    const refused = await disburse(f, 10001);
    expectProblem(refused, 422, 'trust_insufficient_funds');
    expect(refused.body).toMatchObject({ availableMinor: 10000, balanceMinor: 50000, unclearedMinor: 40000 });
    expect(JSON.stringify(refused.body.errors)).toContain('amountMinor');
    expect((await disburse(f, 10000)).status).toBe(201);
    expect(await ledger(f)).toMatchObject({ balanceMinor: 40000, availableMinor: 0 });
  });

  it('transfers to pay an issued invoice: a payment on the invoice, never more than is open or available', async () => {
    const f = await firm();
    const invoice = await issuedInvoice(f, 60); // 30000
    expect((await deposit(f, 50000)).status).toBe(201);
    const transfer = (amountMinor: number) =>
      f.call.post(`/v1/trust/accounts/${f.accountId}/transfers`, {
        matterId: f.matterId,
        invoiceId: invoice,
        amountMinor,
        transferredOn: '2026-11-21',
        reference: 'TRF-1',
      });
    const tooMuch = await transfer(30001);
    expectProblem(tooMuch, 422, 'transfer_exceeds_open_amount');
    expect(tooMuch.body.openMinor).toBe(30000);
    const paid = await transfer(20000);
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      kind: 'transfer',
      amountMinor: -20000,
      invoiceId: invoice,
      balanceAfterMinor: 30000,
    });
    const account = (await f.call.get(`/v1/invoices/${invoice}/account`)).body;
    expect(account).toMatchObject({ paidMinor: 20000, openMinor: 10000, status: 'partially-paid' });
    expect(account.payments[0].paymentId).toBe(paid.body.paymentId);
    expectProblem(await transfer(10001), 422, 'transfer_exceeds_open_amount');
    // The bounced-payment route cannot undo a trust transfer's payment behind the ledger's back.
    expectProblem(
      await f.call.post(`/v1/payments/${paid.body.paymentId}/reversal`, {
        reason: 'x',
        reversedOn: '2026-11-22',
      }),
      409,
      'payment_not_reversible',
    );
    // Reversing the transfer puts the money back on the ledger and the invoice is owed again.
    const reversal = await f.call.post(`/v1/trust/entries/${paid.body.id}/reversal`, {
      reason: 'Transferred before the fee was earned',
      reversedOn: '2026-11-22',
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ kind: 'reversal', amountMinor: 20000, balanceAfterMinor: 50000 });
    expect((await f.call.get(`/v1/invoices/${invoice}/account`)).body).toMatchObject({
      paidMinor: 0,
      openMinor: 30000,
    });
    const types = (await outbox(f.call.caller.firmId, 'billing.%')).map((event) => event.type);
    expect(types.filter((type) => type === 'billing.payment.recorded')).toHaveLength(1);
    expect(types.filter((type) => type === 'billing.payment.reversed')).toHaveLength(1);
  });

  it('refuses an overdraft with 422 naming the available balance, audits it and changes nothing', async () => {
    const f = await firm();
    const invoice = await issuedInvoice(f, 60);
    expect((await deposit(f, 10000)).status).toBe(201);
    const refused = await f.call.post(`/v1/trust/accounts/${f.accountId}/transfers`, {
      matterId: f.matterId,
      invoiceId: invoice,
      amountMinor: 10001,
      transferredOn: '2026-11-21',
    });
    expectProblem(refused, 422, 'trust_insufficient_funds');
    expect(refused.body.availableMinor).toBe(10000);
    expectProblem(await disburse(f, 10001, 'third-party-payment'), 422, 'trust_insufficient_funds');
    // A matter with no money in the account at all.
    const other = {
      ...f,
      matterId: await publishMatterAndWait(app, producer, f.call.caller.firmId, { clientId: f.clientId }),
    };
    expect((await disburse(other, 1)).body).toMatchObject({
      code: 'trust_insufficient_funds',
      availableMinor: 0,
    });
    const refusals = await audits(f.call.caller.firmId, 'trust.disbursement-refused');
    expect(refusals.map((audit) => (audit.details as Record<string, unknown>).kind)).toEqual([
      'transfer',
      'third-party-payment',
      'refund',
    ]);
    expect(await ledger(f)).toMatchObject({ balanceMinor: 10000 });
    expect((await f.call.get(`/v1/invoices/${invoice}/account`)).body).toMatchObject({ paidMinor: 0 });
    expect((await f.call.get(`/v1/trust/entries?accountId=${f.accountId}`)).body.items).toHaveLength(1);
  });

  it("keeps bank fees and interest on the firm's own funds line, which cannot go negative either", async () => {
    const f = await firm();
    expect((await deposit(f, 10000)).status).toBe(201);
    const item = (kind: string, amountMinor: number) =>
      f.call.post(`/v1/trust/accounts/${f.accountId}/bank-items`, {
        kind,
        amountMinor,
        entryDate: TODAY,
      });
    expectProblem(await item('bank-fee', 1), 422, 'trust_insufficient_funds');
    expect((await item('interest', 700)).body).toMatchObject({
      kind: 'interest',
      clientId: null,
      balanceAfterMinor: 700,
    });
    expect((await item('bank-fee', 500)).body).toMatchObject({ amountMinor: -500, balanceAfterMinor: 200 });
    expect(await ledger(f)).toMatchObject({ balanceMinor: 10000 });
    expect((await f.call.get(`/v1/trust/accounts/${f.accountId}`)).body).toMatchObject({
      bookBalanceMinor: 10200,
      clientLedgersMinor: 10000,
      firmFundsMinor: 200,
    });
  });

  it('corrects an entry only by one reversal pointing at it, and never reverses money already spent', async () => {
    const f = await firm();
    const wrong = (await deposit(f, 8000)).body;
    const right = (await deposit(f, 3000)).body;
    expect((await disburse(f, 5000)).status).toBe(201);
    // 6000 left; reversing the 8000 deposit would take the ledger below zero.
    const refused = await f.call.post(`/v1/trust/entries/${wrong.id}/reversal`, {
      reason: 'Wrong matter',
      reversedOn: TODAY,
    });
    expectProblem(refused, 422, 'trust_insufficient_funds');
    const reversal = await f.call.post(`/v1/trust/entries/${right.id}/reversal`, {
      reason: 'Duplicate',
      reversedOn: TODAY,
    });
    expect(reversal.body).toMatchObject({
      kind: 'reversal',
      amountMinor: -3000,
      reversesEntryId: right.id,
      balanceAfterMinor: 3000,
    });
    expectProblem(
      await f.call.post(`/v1/trust/entries/${right.id}/reversal`, { reason: 'Again', reversedOn: TODAY }),
      409,
      'trust_entry_already_reversed',
    );
    expectProblem(
      await f.call.post(`/v1/trust/entries/${reversal.body.id}/reversal`, {
        reason: 'Undo',
        reversedOn: TODAY,
      }),
      409,
      'trust_entry_not_reversible',
    );
    expect((await f.call.get(`/v1/trust/entries/${right.id}`)).body.reversedBy).toBe(reversal.body.id);
  });

  it('publishes billing.trust.low-balance once per crossing of the matter minimum', async () => {
    const f = await firm();
    expect((await deposit(f, 10000)).status).toBe(201);
    const minimum = await f.call.put(`/v1/trust/accounts/${f.accountId}/ledgers/${f.matterId}/minimum`, {
      minimumMinor: 6000,
    });
    expect(minimum.body).toMatchObject({ minimumBalanceMinor: 6000, belowMinimum: false });
    await disburse(f, 3000); // 7000: above
    await disburse(f, 2000); // 5000: crosses
    await disburse(f, 1000); // 4000: still below, no second event
    await deposit(f, 5000); // 9000: back above
    await disburse(f, 4000); // 5000: crosses again
    const lows = await outbox(f.call.caller.firmId, 'billing.trust.low-balance');
    expect(lows.map((event) => event.data.balanceMinor)).toEqual([5000, 5000]);
    expect(lows[0].data).toMatchObject({ matterId: f.matterId, clientId: f.clientId, minimumMinor: 6000 });
    expect((await f.call.get(`/v1/trust/matters/${f.matterId}/balance`)).body.items).toEqual([
      expect.objectContaining({
        accountId: f.accountId,
        balanceMinor: 5000,
        belowMinimum: true,
        minimumBalanceMinor: 6000,
      }),
    ]);
  });

  it('shows the trust balance of the matters an invoice bills', async () => {
    const f = await firm();
    const invoice = await issuedInvoice(f, 30);
    expect((await deposit(f, 12345)).status).toBe(201);
    const balance = await f.call.get(`/v1/invoices/${invoice}/trust-balance`);
    const issuedOn = new Date().toISOString().slice(0, 10);
    expect(balance.body).toMatchObject({ invoiceId: invoice, asOf: issuedOn });
    expect(balance.body.items).toEqual([
      expect.objectContaining({
        matterId: f.matterId,
        matterNumber: '2026-0001',
        matterTitle: 'Test matter',
        balanceMinor: 12345,
        availableMinor: 12345,
        heldAtIssueMinor: 12345,
        currency: 'USD',
      }),
    ]);
    // What the invoice prints is what the ledger held at the end of the issue day, not what it holds now.
    const heldOn = (day: string) =>
      withTenant(app.get(DataSource), f.call.caller.firmId, (manager) =>
        app.get(TrustRepository).matterHoldingsAt(manager, [f.matterId], day),
      );
    expect(await heldOn('2026-11-01')).toEqual([
      { accountId: f.accountId, matterId: f.matterId, heldMinor: 0 },
    ]);
    expect(await heldOn('2026-11-02')).toEqual([
      { accountId: f.accountId, matterId: f.matterId, heldMinor: 12345 },
    ]);
  });

  it('lets twenty concurrent disbursements and transfers take exactly what the ledger holds', async () => {
    const f = await firm();
    const invoice = await issuedInvoice(f, 600); // 300000 open
    expect((await deposit(f, 70000)).status).toBe(201);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        index % 2
          ? disburse(f, 10000)
          : f.call.post(`/v1/trust/accounts/${f.accountId}/transfers`, {
              matterId: f.matterId,
              invoiceId: invoice,
              amountMinor: 10000,
              transferredOn: '2026-11-21',
            }),
      ),
    );
    expect(attempts.filter((response) => response.status === 201)).toHaveLength(7);
    expect(attempts.filter((response) => response.status === 422)).toHaveLength(13);
    expect(await ledger(f)).toMatchObject({ balanceMinor: 0 });
    const transferred = attempts.filter(
      (response, index) => response.status === 201 && index % 2 === 0,
    ).length;
    expect((await f.call.get(`/v1/invoices/${invoice}/account`)).body.paidMinor).toBe(transferred * 10000);
    // Twenty identical requests for everything: exactly one succeeds.
    expect((await deposit(f, 5000)).status).toBe(201);
    const identical = await Promise.all(Array.from({ length: 20 }, () => disburse(f, 5000)));
    expect(identical.map((response) => response.status).sort()).toEqual([201, ...Array(19).fill(422)]);
  });

  it('keeps entries immutable and ledgers non-negative in the database, whoever connects', async () => {
    const f = await firm();
    const entry = (await deposit(f, 1000)).body;
    const asAppRole = (sql: string, parameters: unknown[]) =>
      withTenant(app.get(DataSource), f.call.caller.firmId, async (manager) => {
        const [{ role }] = (await manager.query('SELECT current_user AS role')) as Array<{ role: string }>;
        expect(role).not.toBe('postgres');
        return manager.query(sql, parameters);
      });
    await expect(
      asAppRole('UPDATE trust_entries SET amount_minor = 1 WHERE id = $1', [entry.id]),
    ).rejects.toThrow(/permission denied/);
    await expect(asAppRole('DELETE FROM trust_entries WHERE id = $1', [entry.id])).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      asAppRole('UPDATE trust_ledgers SET balance_minor = -1 WHERE id = $1', [entry.ledgerId]),
    ).rejects.toThrow(/trust_ledgers_never_negative/);
    const owner = new Client({ connectionString: testDatabase('billing').owner });
    await owner.connect();
    try {
      await owner.query(`SELECT set_config('app.firm_id', $1, false)`, [f.call.caller.firmId]);
      await expect(
        owner.query('UPDATE trust_entries SET amount_minor = 1 WHERE id = $1', [entry.id]),
      ).rejects.toThrow(/immutable/);
      await expect(owner.query('DELETE FROM trust_entries WHERE id = $1', [entry.id])).rejects.toThrow(
        /immutable/,
      );
    } finally {
      await owner.end();
    }
    expect((await f.call.get(`/v1/trust/entries/${entry.id}`)).body).toMatchObject({ amountMinor: 1000 });
  });

  it("answers 404 for another firm's account, entry, matter and invoice, and changes nothing", async () => {
    const f = await firm();
    const invoice = await issuedInvoice(f, 30);
    const entry = (await deposit(f, 5000)).body;
    const stranger: Firm = { ...(await firm()), matterId: f.matterId };
    expectProblem(
      await stranger.call.get(`/v1/trust/accounts/${f.accountId}`),
      404,
      'trust_account_not_found',
    );
    expectProblem(await stranger.call.get(`/v1/trust/entries/${entry.id}`), 404, 'trust_entry_not_found');
    expectProblem(
      await stranger.call.post(`/v1/trust/entries/${entry.id}/reversal`, { reason: 'x', reversedOn: TODAY }),
      404,
      'trust_entry_not_found',
    );
    expectProblem(
      await stranger.call.post(`/v1/trust/accounts/${f.accountId}/deposits`, {
        matterId: f.matterId,
        amountMinor: 1,
        receivedOn: TODAY,
        payer: 'x',
        method: 'cash',
      }),
      404,
      'trust_account_not_found',
    );
    expectProblem(await deposit(stranger, 100), 404, 'matter_not_found');
    expectProblem(await stranger.call.get(`/v1/invoices/${invoice}/trust-balance`), 404, 'invoice_not_found');
    expect((await stranger.call.get(`/v1/trust/matters/${f.matterId}/balance`)).body.items).toEqual([]);
    expect((await stranger.call.get('/v1/trust/entries')).body.items).toEqual([]);
    expect(await ledger(f)).toMatchObject({ balanceMinor: 5000 });
  });

  it('refuses bad input with 400 problem+json naming the field, and records nothing', async () => {
    const f = await firm();
    const valid = {
      matterId: f.matterId,
      amountMinor: 1000,
      receivedOn: '2026-11-20',
      payer: 'Acme',
      method: 'wire',
    };
    const cases: Array<[string, unknown, string]> = [
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, amountMinor: 0 }, 'amountMinor'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, amountMinor: 10.5 }, 'amountMinor'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, amountMinor: null }, 'amountMinor'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, amountMinor: '1000' }, 'amountMinor'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, receivedOn: '2026-02-30' }, 'receivedOn'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, receivedOn: '2999-01-01' }, 'receivedOn'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, payer: 'A\u0000B' }, 'payer'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, payer: 'A\ud800B' }, 'payer'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, payer: '  ' }, 'payer'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, method: 'bitcoin' }, 'method'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, matterId: 'nope' }, 'matterId'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, { ...valid, extra: 1 }, 'extra'],
      [`/v1/trust/accounts/${f.accountId}/deposits`, [valid], ''],
      [`/v1/trust/accounts/${f.accountId}/disbursements`, { ...valid, kind: 'gift' }, 'kind'],
      [
        `/v1/trust/accounts/${f.accountId}/bank-items`,
        { kind: 'deposit', amountMinor: 1, entryDate: TODAY },
        'kind',
      ],
      ['/v1/trust/accounts', { name: 'x', kind: 'iolta', currency: 'usd', holdDays: 1 }, 'currency'],
      ['/v1/trust/accounts', { name: 'x', kind: 'iolta', currency: 'USD', holdDays: 61 }, 'holdDays'],
      [
        '/v1/trust/accounts',
        { name: 'x', kind: 'iolta', currency: 'USD', holdDays: 0, accountLast4: '12a4' },
        'accountLast4',
      ],
    ];
    for (const [url, body, field] of cases) {
      const response = await f.call.post(url, body);
      expect([url, field, response.status]).toEqual([url, field, 400]);
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors ?? response.body)).toContain(field);
    }
    expect(
      (
        await f.call.put(`/v1/trust/accounts/${f.accountId}/ledgers/${f.matterId}/minimum`, {
          minimumMinor: -5,
        })
      ).status,
    ).toBe(400);
    expect((await f.call.get('/v1/trust/entries/not-a-uuid')).status).toBe(404);
    expect((await f.call.get(`/v1/trust/entries?accountId=${f.accountId}`)).body.items).toEqual([]);
    expect((await f.call.get('/v1/trust/accounts')).body.items).toHaveLength(1);
  });

  it('reconciles three ways against a statement CSV and lists every difference', async () => {
    const f = await firm();
    const deposited = (await deposit(f, 500000, { reference: 'WIRE-9' })).body;
    expect((await disburse(f, 75000)).status).toBe(201);
    const reconcile = (statementCsv: string, statementBalanceMinor: number) =>
      f.call.post(`/v1/trust/accounts/${f.accountId}/reconciliation`, {
        statementCsv,
        mapping: {
          date: 'Date',
          amount: 'Amount',
          description: 'Memo',
          reference: 'Ref',
          dateFormat: 'MM/DD/YYYY',
        },
        periodEnd: '2026-11-26',
        statementBalanceMinor,
      });
    const clean =
      'Date,Memo,Amount,Ref\n11/03/2026,Wire in,"5,000.00",WIRE-9\n11/21/2026,Check 77,-750.00,CHK 77\n';
    const balanced = await reconcile(clean, 425000);
    expect(balanced.status).toBe(200);
    expect(balanced.body).toMatchObject({
      adjustedBankBalanceMinor: 425000,
      bookBalanceMinor: 425000,
      clientLedgersMinor: 425000,
      balanced: true,
      differences: [],
    });
    expect(balanced.body.matches[0]).toEqual({ row: 2, entryId: deposited.id });
    // A bank fee and a doubled check on the statement, and a ledger moved outside its entries.
    await withTenant(app.get(DataSource), f.call.caller.firmId, (manager) =>
      manager.query('UPDATE trust_ledgers SET balance_minor = balance_minor - 100 WHERE id = $1', [
        deposited.ledgerId,
      ]),
    );
    const messy = `${clean}11/22/2026,Check 77,-750.00,CHK 77\n11/25/2026,Service fee,-15.00,\n`;
    const found = await reconcile(messy, 425000 - 75000 - 1500);
    expect(found.body.balanced).toBe(false);
    expect(found.body.differences).toEqual([
      expect.objectContaining({ kind: 'unmatched-statement-line', row: 4, amountMinor: -75000 }),
      expect.objectContaining({ kind: 'unmatched-statement-line', row: 5, amountMinor: -1500 }),
      expect.objectContaining({
        kind: 'ledger-disagrees',
        ledgerId: deposited.ledgerId,
        ledgerBalanceMinor: 424900,
        entriesMinor: 425000,
      }),
    ]);
    const unknownColumn = await reconcile('When,Amount\n11/03/2026,1.00\n', 100);
    expect(unknownColumn.status).toBe(400);
    expect(JSON.stringify(unknownColumn.body.errors)).toContain('mapping.date');
    const badRow = await reconcile('Date,Memo,Amount,Ref\n11/31/2026,x,1.00,\n', 100);
    expect(badRow.status).toBe(400);
    expect(JSON.stringify(badRow.body.errors)).toContain('statementCsv[row 2].Date');
  });

  it('prints the journal and a client ledger card for a period as CSV', async () => {
    const f = await firm();
    const second = {
      ...f,
      matterId: await publishMatterAndWait(app, producer, f.call.caller.firmId, { clientId: f.clientId }),
    };
    await deposit(f, 500000, { payer: '=cmd()' });
    await deposit(second, 20000, { receivedOn: '2026-11-03' });
    await disburse(f, 75000);
    await deposit(f, 1, { receivedOn: '2026-10-31' }); // before the period
    const journal = await f.call.get(
      `/v1/trust/accounts/${f.accountId}/journal.csv?from=2026-11-01&to=2026-11-30`,
    );
    expect(journal.status).toBe(200);
    expect(String(journal.headers['content-type'])).toContain('text/csv');
    const rows = journal.text
      .trim()
      .split('\r\n')
      .map((line: string) => line.split(','));
    expect(rows.slice(1).map((row: string[]) => [row[0], row[2], row[8], row[9]])).toEqual([
      ['2026-11-02', 'deposit', '500000', '500000'],
      ['2026-11-03', 'deposit', '20000', '20000'],
      ['2026-11-20', 'refund', '-75000', '425000'],
    ]);
    expect(journal.text).toContain("'=cmd()");
    const card = await f.call.get(
      `/v1/trust/accounts/${f.accountId}/ledgers/${second.matterId}/card.csv?from=2026-01-01&to=2026-11-30`,
    );
    expect(card.text.trim().split('\r\n')).toHaveLength(2);
    const pdf = await f.call.get(
      `/v1/trust/accounts/${f.accountId}/journal.pdf?from=2026-11-01&to=2026-11-30`,
    );
    expect([pdf.status, String(pdf.headers['content-type'])]).toEqual([200, 'application/pdf']);
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
    const cardPdf = await f.call.get(
      `/v1/trust/accounts/${f.accountId}/ledgers/${second.matterId}/card.pdf?from=2026-01-01&to=2026-11-30`,
    );
    expect([cardPdf.status, cardPdf.text.startsWith('%PDF-')]).toEqual([200, true]);
    expectProblem(
      await f.call.get(`/v1/trust/accounts/${f.accountId}/journal.csv?from=2026-12-01&to=2026-11-30`),
      400,
      'validation_failed',
    );
    expect((await f.call.get(`/v1/trust/accounts/${f.accountId}/journal.csv?from=2026-11-01`)).status).toBe(
      400,
    );
    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    expectProblem(
      await stranger.get(`/v1/trust/accounts/${f.accountId}/journal.csv?from=2026-11-01&to=2026-11-30`),
      404,
      'trust_account_not_found',
    );
  });

  it('lets only billing and firm admins move trust money; any firm role reads', async () => {
    const f = await firm();
    const attorney = serviceClient(app).as({ ...f.call.caller, subject: randomUUID(), roles: ['attorney'] });
    expect(
      (
        await attorney.post(`/v1/trust/accounts/${f.accountId}/deposits`, {
          matterId: f.matterId,
          amountMinor: 1,
          receivedOn: TODAY,
          payer: 'x',
          method: 'cash',
        })
      ).status,
    ).toBe(403);
    expect((await attorney.get(`/v1/trust/accounts/${f.accountId}/ledgers`)).status).toBe(200);
  });
});
