/**
 * The trust ledger's invariants under random load (issue 12), against real PostgreSQL: fast-check
 * generates sequences of deposits (cleared and uncleared), transfers paying invoices, refunds, third-party
 * payments, bank fees, interest and reversals, run in rounds by several concurrent clients. After every
 * round and at the end: no ledger below zero, every ledger equal to the sum of its entries and the account
 * to the sum of its ledgers, uncleared deposits never disbursed, earlier entries unchanged, each invoice
 * paid exactly what its unreversed transfers moved, one event per entry, and every refusal a 422.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import type { Producer } from 'kafkajs';
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
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { BillingConfig } from '../config';

const TODAY = new Date().toISOString().slice(0, 10);
const CONCURRENT_CLIENTS = 4;
const RUNS = Number(process.env.TRUST_PROPERTY_RUNS ?? 32);

type Operation =
  | { op: 'deposit'; matter: number; amountMinor: number; cleared: boolean }
  | { op: 'transfer' | 'refund' | 'third-party-payment'; matter: number; amountMinor: number }
  | { op: 'bank-fee' | 'interest'; amountMinor: number }
  | { op: 'reverse'; pick: number };

const matter = fc.integer({ min: 0, max: 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('deposit' as const),
      matter,
      amountMinor: fc.integer({ min: 1, max: 20000 }),
      cleared: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('transfer' as const),
      matter,
      amountMinor: fc.integer({ min: 1, max: 6000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('refund' as const, 'third-party-payment' as const),
      matter,
      amountMinor: fc.integer({ min: 1, max: 9000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('bank-fee' as const, 'interest' as const),
      amountMinor: fc.integer({ min: 1, max: 300 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }) },
);

describe('Trust ledger invariants (property-based)', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let call: CallerClient;
  const matters: Array<{ matterId: string; invoiceId: string }> = [];

  beforeAll(async () => {
    const config = loadConfig(BillingConfig, serviceTestEnv('billing'));
    app = await bootService('billing', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
    call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    // Two client matters, each with an issued invoice large enough for every transfer of the run.
    for (let index = 0; index < 2; index += 1) {
      const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, {
        clientId: randomUUID(),
      });
      await call.post('/v1/rate-rules', {
        scope: 'matter',
        matterId,
        rateMinor: 1_000_000,
        currency: 'USD',
        effectiveFrom: '2026-01-01',
      });
      await publishEvents(producer, TOPICS.timeEntry.name, [
        approvedTimeEntryEvent(call.caller.firmId, matterId, { minutes: 1440, timekeeperId: 'keeper-1' }),
      ]);
      await eventually(async () =>
        (await call.get(`/v1/matters/${matterId}/wip`)).body.entryCount === 1 ? true : undefined,
      );
      const bill = await call.post('/v1/pre-bills', { matterId, periodEnd: '2026-11-30', currency: 'USD' });
      const issued = await call.post(`/v1/pre-bills/${bill.body.id}/issue`);
      expect(issued.status).toBe(200);
      matters.push({ matterId, invoiceId: issued.body.id as string });
    }
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  function send(accountId: string, operation: Operation, entries: string[]): Promise<TestResponse> {
    const base = `/v1/trust/accounts/${accountId}`;
    switch (operation.op) {
      case 'deposit':
        return call.post(`${base}/deposits`, {
          matterId: matters[operation.matter].matterId,
          amountMinor: operation.amountMinor,
          receivedOn: operation.cleared ? '2026-11-01' : TODAY,
          payer: 'Client',
          method: 'wire',
        });
      case 'transfer':
        return call.post(`${base}/transfers`, {
          matterId: matters[operation.matter].matterId,
          invoiceId: matters[operation.matter].invoiceId,
          amountMinor: operation.amountMinor,
          transferredOn: TODAY,
        });
      case 'refund':
      case 'third-party-payment':
        return call.post(`${base}/disbursements`, {
          kind: operation.op,
          matterId: matters[operation.matter].matterId,
          amountMinor: operation.amountMinor,
          paidOn: TODAY,
          payee: 'Payee',
          method: 'check',
        });
      case 'bank-fee':
      case 'interest':
        return call.post(`${base}/bank-items`, {
          kind: operation.op,
          amountMinor: operation.amountMinor,
          entryDate: TODAY,
        });
      case 'reverse': {
        const target = entries.length ? entries[operation.pick % entries.length] : randomUUID();
        return call.post(`/v1/trust/entries/${target}/reversal`, {
          reason: 'Property test',
          reversedOn: TODAY,
        });
      }
    }
  }

  /** What the database holds for the account, read as the app role. */
  function snapshot(accountId: string, withEvents: boolean) {
    return withTenant(app.get(DataSource), call.caller.firmId, async (manager) => {
      const ledgers = (await manager.query(
        `SELECT l.id, l.kind, l.balance_minor::bigint AS balance,
                COALESCE((SELECT SUM(e.amount_minor) FROM trust_entries e WHERE e.ledger_id = l.id), 0)::bigint AS entries,
                COALESCE((SELECT SUM(d.amount_minor) FROM trust_entries d WHERE d.ledger_id = l.id AND d.kind = 'deposit'
                   AND d.cleared_on > $2 AND NOT EXISTS (SELECT 1 FROM trust_entries r WHERE r.reverses_entry_id = d.id)), 0)::bigint AS uncleared
           FROM trust_ledgers l WHERE l.account_id = $1`,
        [accountId, TODAY],
      )) as Array<{ id: string; kind: string; balance: string; entries: string; uncleared: string }>;
      const entries = (await manager.query(
        `SELECT id, amount_minor::bigint AS amount, balance_after_minor::bigint AS after, kind, invoice_id, reverses_entry_id
           FROM trust_entries WHERE account_id = $1`,
        [accountId],
      )) as Array<{
        id: string;
        amount: string;
        after: string;
        kind: string;
        invoice_id: string | null;
        reverses_entry_id: string | null;
      }>;
      if (!withEvents) return { ledgers, entries, events: null };
      const events = (await manager.query(
        `SELECT envelope->'data'->>'entryId' AS entry_id FROM outbox
          WHERE envelope->>'type' = 'billing.trust.entry-recorded' AND envelope->'data'->>'accountId' = $1`,
        [accountId],
      )) as Array<{ entry_id: string }>;
      return { ledgers, entries, events };
    });
  }

  async function checkInvariants(
    accountId: string,
    seen: Map<string, string>,
    withEvents = false,
  ): Promise<void> {
    const { ledgers, entries, events } = await snapshot(accountId, withEvents);
    for (const ledger of ledgers) {
      expect(Number(ledger.balance)).toBeGreaterThanOrEqual(0);
      expect(ledger.balance).toBe(ledger.entries);
      // Uncleared money is on the balance but never paid out: what is left covers it.
      if (ledger.kind === 'client')
        expect(Number(ledger.balance)).toBeGreaterThanOrEqual(Number(ledger.uncleared));
    }
    const ledgerTotal = ledgers.reduce((sum, ledger) => sum + Number(ledger.balance), 0);
    const entryTotal = entries.reduce((sum, entry) => sum + Number(entry.amount), 0);
    expect(ledgerTotal).toBe(entryTotal);
    const account = (await call.get(`/v1/trust/accounts/${accountId}`)).body;
    expect(account.bookBalanceMinor).toBe(ledgerTotal);
    expect(account.clientLedgersMinor + account.firmFundsMinor).toBe(ledgerTotal);
    // Entries never change once written.
    for (const entry of entries) {
      const fingerprint = `${entry.amount}|${entry.after}|${entry.kind}`;
      expect(seen.get(entry.id) ?? fingerprint).toBe(fingerprint);
      seen.set(entry.id, fingerprint);
    }
    expect(entries.length).toBe(seen.size);
    // Exactly one event per entry (checked at the end of each run: the outbox query is the slow one).
    if (events)
      expect(events.map((event) => event.entry_id).sort()).toEqual(entries.map((entry) => entry.id).sort());
  }

  it('keeps every ledger non-negative and the books balanced under random concurrent operations', async () => {
    let operations = 0;
    const paidByTransfers = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 40, maxLength: 120 }), async (ops) => {
        const account = await call.post('/v1/trust/accounts', {
          name: 'IOLTA',
          kind: 'iolta',
          currency: 'USD',
          holdDays: 3,
        });
        expect(account.status).toBe(201);
        const accountId = account.body.id as string;
        const seen = new Map<string, string>();
        const created: string[] = [];
        for (let start = 0; start < ops.length; start += CONCURRENT_CLIENTS) {
          const round = ops.slice(start, start + CONCURRENT_CLIENTS);
          const pool = [...created];
          const responses = await Promise.all(round.map((op) => send(accountId, op, pool)));
          responses.forEach((response, index) => {
            const op = round[index];
            if (response.status === 201) {
              created.push(response.body.id as string);
              const invoiceId = response.body.invoiceId as string | null;
              if (invoiceId)
                paidByTransfers.set(
                  invoiceId,
                  (paidByTransfers.get(invoiceId) ?? 0) - (response.body.amountMinor as number),
                );
              return;
            }
            // Refusals are business answers, never a server error.
            const expected =
              op.op === 'reverse'
                ? [
                    'trust_insufficient_funds',
                    'trust_entry_already_reversed',
                    'trust_entry_not_reversible',
                    'trust_entry_not_found',
                  ]
                : op.op === 'transfer'
                  ? ['trust_insufficient_funds', 'transfer_exceeds_open_amount']
                  : ['trust_insufficient_funds'];
            expect([op.op, response.status, expected.includes(response.body.code as string)]).toEqual([
              op.op,
              response.status >= 500 ? 'a 4xx' : response.status,
              true,
            ]);
          });
          operations += round.length;
          await checkInvariants(accountId, seen);
        }
        await checkInvariants(accountId, seen, true);
        // Each invoice is paid exactly what unreversed transfers moved to it.
        for (const { invoiceId } of matters) {
          const paid = (await call.get(`/v1/invoices/${invoiceId}/account`)).body.paidMinor as number;
          expect(paid).toBe(paidByTransfers.get(invoiceId) ?? 0);
        }
      }),
      { numRuns: RUNS },
    );
    expect(operations).toBeGreaterThanOrEqual(RUNS * 40);
    console.info(`trust property test: ${operations} operations in ${RUNS} runs`);
  }, 600_000);
});
