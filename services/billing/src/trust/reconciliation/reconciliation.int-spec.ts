/**
 * Stored trust reconciliations against real PostgreSQL and the broker: a statement imported once (content
 * hash), lines matched automatically at import and by hand (one line to several entries, amounts agreeing),
 * the three-way reconciliation of the period computed from what is stored with every seeded difference
 * found, sign-off by the named user only when balanced or explained, immutable in the database, one per
 * account and period under twenty concurrent attempts, firm isolation and bad input.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testProducer,
  type CallerClient,
  type TestResponse,
} from '@lawfirm/testing';
import { AppModule } from '../../app.module';
import { BillingConfig } from '../../config';
import { NOVEMBER_STATEMENT, ofxSgml, ofxXml } from './ofx-samples';

const MAPPING = {
  date: 'Date',
  amount: 'Amount',
  description: 'Memo',
  reference: 'Ref',
  dateFormat: 'MM/DD/YYYY',
};
const HEADER = 'Date,Memo,Amount,Ref\n';
/** What the bank shows of the books below: both deposits and the refund check. */
const CLEAN_LINES =
  '11/02/2026,Wire in,"5,000.00",WIRE-1\n11/03/2026,Wire in,200.00,WIRE-2\n11/21/2026,Check 77,-750.00,CHK 77\n';

describe('Trust reconciliations', () => {
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

  interface Books {
    call: CallerClient;
    accountId: string;
    matterId: string;
    otherMatterId: string;
    ledgerId: string;
    entries: { wire1: string; wire2: string; check77: string; inTransit: string };
  }

  /**
   * A firm's trust account with two client matters: 5,000.00 and 200.00 wired in, a 750.00 refund check,
   * and a 100.00 deposit on the 26th the bank has not shown yet. Book balance 4,550.00.
   */
  async function books(): Promise<Books> {
    const call = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    const clientId = randomUUID();
    const matterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
    const otherMatterId = await publishMatterAndWait(app, producer, call.caller.firmId, { clientId });
    const account = await call.post('/v1/trust/accounts', {
      name: 'IOLTA',
      kind: 'iolta',
      currency: 'USD',
      holdDays: 0,
    });
    expect(account.status).toBe(201);
    const accountId = account.body.id as string;
    const deposit = async (matter: string, amountMinor: number, receivedOn: string, reference: string) => {
      const response = await call.post(`/v1/trust/accounts/${accountId}/deposits`, {
        matterId: matter,
        amountMinor,
        receivedOn,
        payer: 'Acme Corp',
        method: 'wire',
        reference,
      });
      expect(response.status).toBe(201);
      return response.body as { id: string; ledgerId: string };
    };
    const wire1 = await deposit(matterId, 500000, '2026-11-02', 'WIRE-1');
    const wire2 = await deposit(otherMatterId, 20000, '2026-11-03', 'WIRE-2');
    const check = await call.post(`/v1/trust/accounts/${accountId}/disbursements`, {
      kind: 'refund',
      matterId,
      amountMinor: 75000,
      paidOn: '2026-11-20',
      payee: 'Acme Corp',
      method: 'check',
      reference: 'CHK 77',
    });
    expect(check.status).toBe(201);
    const inTransit = await deposit(matterId, 10000, '2026-11-26', 'DEP-3');
    return {
      call,
      accountId,
      matterId,
      otherMatterId,
      ledgerId: wire1.ledgerId,
      entries: {
        wire1: wire1.id,
        wire2: wire2.id,
        check77: check.body.id as string,
        inTransit: inTransit.id,
      },
    };
  }

  function importStatement(b: Books, lines: string, closingBalanceMinor: number, extra: object = {}) {
    return b.call.post(`/v1/trust/accounts/${b.accountId}/statements`, {
      statementCsv: HEADER + lines,
      mapping: MAPPING,
      periodStart: '2026-11-01',
      periodEnd: '2026-11-27',
      closingBalanceMinor,
      ...extra,
    });
  }

  function expectProblem(response: TestResponse, status: number, code?: string): void {
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    expect(response.body).toMatchObject(code ? { status, code } : { status });
  }

  async function count(b: Books, table: string): Promise<number> {
    const rows: Array<{ n: number }> = await withTenant(
      app.get(DataSource),
      b.call.caller.firmId,
      (manager) => manager.query(`SELECT count(*)::int AS n FROM ${table}`),
    );
    return rows[0].n;
  }

  async function audits(b: Books, action: string): Promise<number> {
    const rows: Array<{ n: number }> = await withTenant(
      app.get(DataSource),
      b.call.caller.firmId,
      (manager) =>
        manager.query(
          `SELECT count(*)::int AS n FROM outbox WHERE envelope->>'type' LIKE 'audit.%' AND envelope->'data'->>'action' = $1`,
          [action],
        ),
    );
    return rows[0].n;
  }

  /** The firm's domain events of a type in the outbox, with their data. */
  async function events(b: Books, type: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<{ data: Record<string, unknown> }> = await withTenant(
      app.get(DataSource),
      b.call.caller.firmId,
      (manager) =>
        manager.query(`SELECT envelope->'data' AS data FROM outbox WHERE envelope->>'type' = $1`, [type]),
    );
    return rows.map((row) => row.data);
  }

  it('stores a statement once, matches it automatically and signs off a balanced reconciliation, immutable', async () => {
    const b = await books();
    const imported = await importStatement(b, CLEAN_LINES, 445000);
    expect(imported.status).toBe(201);
    expect(
      (imported.body.lines as Array<{ row: number; matchedEntryIds: string[]; matchedBy: string }>).map(
        (line) => [line.row, line.matchedEntryIds, line.matchedBy],
      ),
    ).toEqual([
      [2, [b.entries.wire1], 'auto'],
      [3, [b.entries.wire2], 'auto'],
      [4, [b.entries.check77], 'auto'],
    ]);
    // The same file again, even with other line endings, is refused and stores nothing.
    const again = await importStatement(b, CLEAN_LINES.replace(/\n/g, '\r\n'), 445000);
    expectProblem(again, 409, 'statement_already_imported');
    expect(await count(b, 'trust_statements')).toBe(1);

    const statementId = imported.body.id as string;
    const computed = await b.call.get(`/v1/trust/statements/${statementId}/reconciliation`);
    expect(computed.status).toBe(200);
    expect(computed.body).toMatchObject({
      id: null,
      statementBalanceMinor: 445000,
      outstandingDepositsMinor: 10000,
      outstandingChecksMinor: 0,
      adjustedBankBalanceMinor: 455000,
      bookBalanceMinor: 455000,
      clientLedgersMinor: 455000,
      firmFundsMinor: 0,
      balanced: true,
      differences: [
        {
          kind: 'outstanding-entry',
          entryId: b.entries.inTransit,
          amountMinor: 10000,
          key: `entry:${b.entries.inTransit}`,
        },
      ],
    });

    const signed = await b.call.post(`/v1/trust/statements/${statementId}/reconciliation/sign-off`, {});
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      balanced: true,
      signedOffBy: b.call.caller.subject,
      periodEnd: '2026-11-27',
    });
    expect(typeof signed.body.id).toBe('string');
    const stored = await b.call.get(`/v1/trust/reconciliations/${signed.body.id}`);
    expect(stored.body).toEqual(signed.body);
    expect((await b.call.get(`/v1/trust/statements/${statementId}/reconciliation`)).body.id).toBe(
      signed.body.id,
    );
    const csv = await b.call.get(`/v1/trust/reconciliations/${signed.body.id}/report.csv`);
    expect([csv.status, String(csv.headers['content-type'])]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.text).toContain('figure,Adjusted bank balance,,455000,,');
    expect(csv.text).toContain(`outstanding-entry,entry:${b.entries.inTransit},2026-11-26,10000,`);
    const pdf = await b.call.get(`/v1/trust/reconciliations/${signed.body.id}/report.pdf`);
    expect([pdf.status, String(pdf.headers['content-type'])]).toEqual([200, 'application/pdf']);
    expect(pdf.text.startsWith('%PDF-')).toBe(true);
    expect(await audits(b, 'trust.statement-imported')).toBe(1);
    expect(await audits(b, 'trust.reconciliation-signed-off')).toBe(1);
    expect(await events(b, 'billing.trust.statement-imported')).toEqual([
      expect.objectContaining({
        accountId: b.accountId,
        format: 'csv',
        periodEnd: '2026-11-27',
        closingBalanceMinor: 445000,
        currency: 'USD',
        lines: 3,
        autoMatched: 3,
      }),
    ]);
    expect(await events(b, 'billing.trust.reconciliation-signed-off')).toEqual([
      expect.objectContaining({
        accountId: b.accountId,
        balanced: true,
        bookBalanceMinor: 455000,
        differences: 1,
      }),
    ]);

    // Signed means fixed: no second sign-off, no change of its matches, and the database refuses edits.
    expectProblem(
      await b.call.post(`/v1/trust/statements/${statementId}/reconciliation/sign-off`, {}),
      409,
      'reconciliation_already_signed_off',
    );
    const lineId = imported.body.lines[0].id as string;
    expectProblem(
      await b.call.delete(`/v1/trust/statements/${statementId}/lines/${lineId}/matches`),
      409,
      'reconciliation_already_signed_off',
    );
    // The app role has no UPDATE or DELETE grant; the table owner is stopped by the trigger.
    await expect(
      withTenant(app.get(DataSource), b.call.caller.firmId, (manager) =>
        manager.query(`UPDATE trust_reconciliations SET balanced = false WHERE id = $1`, [signed.body.id]),
      ),
    ).rejects.toThrow(/permission denied/);
    const owner = new Client({ connectionString: testDatabase('billing').owner });
    await owner.connect();
    try {
      await owner.query(`SELECT set_config('app.firm_id', $1, false)`, [b.call.caller.firmId]);
      await expect(
        owner.query('UPDATE trust_reconciliations SET balanced = false WHERE id = $1', [signed.body.id]),
      ).rejects.toThrow(/immutable/);
      await expect(
        owner.query('DELETE FROM trust_reconciliations WHERE id = $1', [signed.body.id]),
      ).rejects.toThrow(/immutable/);
    } finally {
      await owner.end();
    }
  });

  it('finds a missing deposit, a doubled check, a bank fee and a ledger moved by a wrong entry, and needs each explained', async () => {
    const b = await books();
    // A client ledger moved outside its entries (what a wrong write to the balance row would leave).
    await withTenant(app.get(DataSource), b.call.caller.firmId, (manager) =>
      manager.query('UPDATE trust_ledgers SET balance_minor = balance_minor - 100 WHERE id = $1', [
        b.ledgerId,
      ]),
    );
    const messy =
      CLEAN_LINES +
      '11/15/2026,Deposit,300.00,\n' + // a deposit the books never recorded
      '11/22/2026,Check 77,-750.00,CHK 77\n' + // the same check paid twice
      '11/25/2026,Service fee,-15.00,\n'; // a bank fee
    const imported = await importStatement(b, messy, 445000 + 30000 - 75000 - 1500);
    expect(imported.status).toBe(201);
    const lineIds = (imported.body.lines as Array<{ id: string; row: number }>).map((line) => line.id);
    const reconciliation = await b.call.get(`/v1/trust/statements/${imported.body.id}/reconciliation`);
    expect(reconciliation.body.balanced).toBe(false);
    expect(reconciliation.body.adjustedBankBalanceMinor).toBe(455000 - 46500);
    expect(reconciliation.body.bookBalanceMinor).toBe(455000);
    expect(reconciliation.body.clientLedgersMinor).toBe(455000 - 100);
    expect(reconciliation.body.differences).toEqual([
      expect.objectContaining({
        kind: 'unmatched-statement-line',
        row: 5,
        amountMinor: 30000,
        key: `line:${lineIds[3]}`,
      }),
      expect.objectContaining({
        kind: 'unmatched-statement-line',
        row: 6,
        amountMinor: -75000,
        key: `line:${lineIds[4]}`,
      }),
      expect.objectContaining({
        kind: 'unmatched-statement-line',
        row: 7,
        amountMinor: -1500,
        key: `line:${lineIds[5]}`,
      }),
      expect.objectContaining({ kind: 'outstanding-entry', entryId: b.entries.inTransit }),
      expect.objectContaining({
        kind: 'ledger-disagrees',
        ledgerId: b.ledgerId,
        ledgerBalanceMinor: 434900,
        entriesMinor: 435000,
        key: `ledger:${b.ledgerId}`,
      }),
    ]);
    const signOff = (explanations?: Array<{ key: string; explanation: string }>) =>
      b.call.post(
        `/v1/trust/statements/${imported.body.id}/reconciliation/sign-off`,
        explanations ? { explanations } : {},
      );
    const refused = await signOff([
      { key: `line:${lineIds[3]}`, explanation: 'Unidentified deposit, asked the bank.' },
    ]);
    expectProblem(refused, 422, 'reconciliation_differences_unexplained');
    expect(refused.body.unexplained).toEqual([
      `line:${lineIds[4]}`,
      `line:${lineIds[5]}`,
      `ledger:${b.ledgerId}`,
    ]);
    expect(await count(b, 'trust_reconciliations')).toBe(0);
    const explanations = [
      { key: `line:${lineIds[3]}`, explanation: 'Unidentified deposit, asked the bank.' },
      { key: `line:${lineIds[4]}`, explanation: 'Check 77 paid twice; bank to reverse.' },
      { key: `line:${lineIds[5]}`, explanation: 'Bank fee charged to trust in error; bank to refund.' },
      { key: `ledger:${b.ledgerId}`, explanation: 'Balance row corrected under ticket 42.' },
    ];
    const signed = await signOff(explanations);
    expect(signed.status).toBe(201);
    expect(signed.body.balanced).toBe(false);
    expect(
      (signed.body.differences as Array<{ key: string; explanation: string | null }>).map(
        (d) => d.explanation,
      ),
    ).toEqual([
      explanations[0].explanation,
      explanations[1].explanation,
      explanations[2].explanation,
      null,
      explanations[3].explanation,
    ]);
    // The report names the ledgers by client and matter (the projection's number and title), not by id.
    const report = await b.call.get(`/v1/trust/reconciliations/${signed.body.id}/report.csv`);
    const rows = String(report.text).split('\r\n');
    expect(rows.find((row) => row.startsWith('ledger-disagrees'))).toContain(
      'matter 2026-0001 Test matter holds 434900',
    );
    expect(rows.find((row) => row.startsWith('outstanding-entry'))).toContain(
      'matter 2026-0001 Test matter,',
    );
  });

  it('matches a line by hand to several entries whose amounts agree, and unmatches it, audited', async () => {
    const b = await books();
    const imported = await importStatement(
      b,
      `${CLEAN_LINES}11/24/2026,Two checks deposited,300.00,\n`,
      475000,
    );
    const statementId = imported.body.id as string;
    const line = imported.body.lines[3] as { id: string; matchedEntryIds: string[] };
    expect(line.matchedEntryIds).toEqual([]);
    const deposit = async (matterId: string, amountMinor: number) =>
      (
        await b.call.post(`/v1/trust/accounts/${b.accountId}/deposits`, {
          matterId,
          amountMinor,
          receivedOn: '2026-11-24',
          payer: 'Acme Corp',
          method: 'check',
        })
      ).body.id as string;
    const first = await deposit(b.matterId, 10000);
    const second = await deposit(b.otherMatterId, 20000);
    const matchUrl = `/v1/trust/statements/${statementId}/lines/${line.id}/matches`;
    const wrong = await b.call.post(matchUrl, { entryIds: [first] });
    expectProblem(wrong, 422, 'match_amounts_disagree');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'entryIds' })]);
    // An entry the bank already cleared on another line cannot clear this one too.
    expectProblem(
      await b.call.post(matchUrl, { entryIds: [b.entries.wire1] }),
      409,
      'trust_entry_already_matched',
    );
    const matched = await b.call.post(matchUrl, { entryIds: [first, second] });
    expect(matched.status).toBe(200);
    expect(matched.body.lines[3]).toMatchObject({
      matchedEntryIds: expect.arrayContaining([first, second]),
      matchedBy: 'manual',
    });
    const reconciliation = await b.call.get(`/v1/trust/statements/${statementId}/reconciliation`);
    expect(reconciliation.body).toMatchObject({
      balanced: true,
      adjustedBankBalanceMinor: 485000,
      bookBalanceMinor: 485000,
    });
    expectProblem(
      await b.call.post(matchUrl, { entryIds: [first, second] }),
      409,
      'statement_line_already_matched',
    );

    const unmatched = await b.call.delete(matchUrl);
    expect(unmatched.status).toBe(200);
    expect(unmatched.body.lines[3].matchedEntryIds).toEqual([]);
    // An automatic match can be taken back too, and the entry becomes outstanding.
    const autoLine = `/v1/trust/statements/${statementId}/lines/${imported.body.lines[0].id}/matches`;
    expect((await b.call.delete(autoLine)).status).toBe(200);
    const after = await b.call.get(`/v1/trust/statements/${statementId}/reconciliation`);
    expect(after.body.balanced).toBe(false);
    expect(after.body.differences).toContainEqual(
      expect.objectContaining({ kind: 'outstanding-entry', entryId: b.entries.wire1 }),
    );
    expect(await audits(b, 'trust.statement-line-matched')).toBe(1);
    expect(await audits(b, 'trust.statement-line-unmatched')).toBe(2);
  });

  it('refuses bad input with a field-level problem and stores nothing', async () => {
    const b = await books();
    const cases: Array<[object, string]> = [
      [{ closingBalanceMinor: 1.5 }, 'closingBalanceMinor'],
      [{ closingBalanceMinor: null }, 'closingBalanceMinor'],
      [{ periodStart: '2026-11-28', periodEnd: '2026-11-27' }, 'periodStart'],
      [{ periodEnd: '2999-01-01' }, 'periodEnd'],
      [{ mapping: { ...MAPPING, amount: 'Nope' } }, 'mapping.amount'],
      [{ mapping: null }, 'mapping'],
      [{ statementCsv: `${HEADER}10/02/2026,Early,1.00,\n` }, 'statementCsv[row 2].Date'],
      [{ statementCsv: `${HEADER}11/02/2026,Bad,1.234,\n` }, 'statementCsv[row 2].Amount'],
      [{ statementCsv: `${HEADER}11/02/2026,Nul\u0000,1.00,\n` }, 'statementCsv'],
      [{ statementCsv: `${HEADER}11/02/2026,Lone \ud800,1.00,\n` }, 'statementCsv'],
      [{ dateWindowDays: 90 }, 'dateWindowDays'],
    ];
    for (const [extra, field] of cases) {
      const response = await importStatement(b, CLEAN_LINES, 445000, extra);
      expectProblem(response, 400);
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    expect(await count(b, 'trust_statements')).toBe(0);
    const imported = await importStatement(b, CLEAN_LINES, 445000);
    const statementId = imported.body.id as string;
    const matchUrl = `/v1/trust/statements/${statementId}/lines/${imported.body.lines[0].id}/matches`;
    for (const body of [{ entryIds: ['x'] }, { entryIds: [] }, { entryIds: null }, {}, { entryIds: 'a' }]) {
      const response = await b.call.post(matchUrl, body);
      expectProblem(response, 400);
      expect(JSON.stringify(response.body.errors)).toContain('entryIds');
    }
    const unknownLine = await b.call.post(
      `/v1/trust/statements/${statementId}/lines/${randomUUID()}/matches`,
      {
        entryIds: [b.entries.inTransit],
      },
    );
    expectProblem(unknownLine, 404, 'trust_statement_line_not_found');

    const signOff = `/v1/trust/statements/${statementId}/reconciliation/sign-off`;
    for (const body of [
      { explanations: [{ key: 'nope', explanation: 'x' }] },
      { explanations: [{ key: `entry:${randomUUID()}`, explanation: 'x' }] },
      { explanations: [{ key: `entry:${b.entries.inTransit}`, explanation: '  ' }] },
      { explanations: 'x' },
      { explanations: null },
    ]) {
      const response = await b.call.post(signOff, body);
      expectProblem(response, 400);
      expect(JSON.stringify(response.body.errors)).toContain('explanations');
    }
    const integration = serviceClient(app).as(
      newCaller({ firmId: b.call.caller.firmId, roles: ['firm-admin'], actorType: 'integration' }),
    );
    expectProblem(await integration.post(signOff, {}), 403, 'sign_off_needs_user');
    expect(await count(b, 'trust_reconciliations')).toBe(0);
    expect(await count(b, 'trust_statement_matches')).toBe(3);
  });

  it("answers 404 for another firm's account, statement, line and reconciliation, and changes nothing", async () => {
    const b = await books();
    const imported = await importStatement(b, CLEAN_LINES, 445000);
    const statementId = imported.body.id as string;
    const lineId = imported.body.lines[0].id as string;
    const signed = await b.call.post(`/v1/trust/statements/${statementId}/reconciliation/sign-off`, {});
    const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
    const attempts = [
      await stranger.post(`/v1/trust/accounts/${b.accountId}/statements`, {
        statementCsv: HEADER + '11/05/2026,x,1.00,\n',
        mapping: MAPPING,
        periodStart: '2026-11-01',
        periodEnd: '2026-11-27',
        closingBalanceMinor: 100,
      }),
      await stranger.get(`/v1/trust/statements/${statementId}`),
      await stranger.get(`/v1/trust/statements/${statementId}/reconciliation`),
      await stranger.post(`/v1/trust/statements/${statementId}/lines/${lineId}/matches`, {
        entryIds: [b.entries.wire1],
      }),
      await stranger.delete(`/v1/trust/statements/${statementId}/lines/${lineId}/matches`),
      await stranger.post(`/v1/trust/statements/${statementId}/reconciliation/sign-off`, {}),
      await stranger.get(`/v1/trust/reconciliations/${signed.body.id}`),
      await stranger.get('/v1/trust/reconciliations/not-a-uuid'),
      await stranger.get(`/v1/trust/reconciliations/${signed.body.id}/report.pdf`),
    ];
    expect(attempts.map((response) => response.status)).toEqual([
      404, 404, 404, 404, 404, 404, 404, 404, 404,
    ]);
    expect((await b.call.get(`/v1/trust/statements/${statementId}`)).body.lines[0].matchedEntryIds).toEqual([
      b.entries.wire1,
    ]);
  });

  it('lets one of twenty concurrent imports, manual matches and sign-offs through', async () => {
    const b = await books();
    const imports = await Promise.all(
      Array.from({ length: 20 }, () =>
        importStatement(b, `${CLEAN_LINES}11/24/2026,Deposit,300.00,\n`, 475000),
      ),
    );
    expect(imports.map((response) => response.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(await count(b, 'trust_statements')).toBe(1);
    const imported = imports.find((response) => response.status === 201)!;
    const statementId = imported.body.id as string;
    const entryId = (
      await b.call.post(`/v1/trust/accounts/${b.accountId}/deposits`, {
        matterId: b.matterId,
        amountMinor: 30000,
        receivedOn: '2026-11-24',
        payer: 'Acme Corp',
        method: 'check',
      })
    ).body.id as string;
    const matchUrl = `/v1/trust/statements/${statementId}/lines/${imported.body.lines[3].id}/matches`;
    const matches = await Promise.all(
      Array.from({ length: 20 }, () => b.call.post(matchUrl, { entryIds: [entryId] })),
    );
    expect(matches.map((response) => response.status).sort()).toEqual([200, ...Array<number>(19).fill(409)]);
    expect(await count(b, 'trust_statement_matches')).toBe(4);
    const signOffs = await Promise.all(
      Array.from({ length: 20 }, () =>
        b.call.post(`/v1/trust/statements/${statementId}/reconciliation/sign-off`, {}),
      ),
    );
    expect(signOffs.map((response) => response.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(await count(b, 'trust_reconciliations')).toBe(1);
    expect(await audits(b, 'trust.reconciliation-signed-off')).toBe(1);
    expect(await events(b, 'billing.trust.statement-imported')).toHaveLength(1);
    expect(await events(b, 'billing.trust.reconciliation-signed-off')).toHaveLength(1);
  });
  describe('OFX statements', () => {
    const ofxUrl = (b: Books) => `/v1/trust/accounts/${b.accountId}/statements/ofx`;

    it('imports an OFX 1.02 SGML statement, matches it and reconciles; the same statement as OFX 2.2 XML is a repeat', async () => {
      const b = await books();
      const imported = await b.call.post(ofxUrl(b), { statementOfx: ofxSgml(NOVEMBER_STATEMENT) });
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({
        periodStart: '2026-11-01',
        periodEnd: '2026-11-27',
        closingBalanceMinor: 445000,
      });
      expect(
        (
          imported.body.lines as Array<{ amountMinor: number; matchedEntryIds: string[]; matchedBy: string }>
        ).map((line) => [line.amountMinor, line.matchedEntryIds, line.matchedBy]),
      ).toEqual([
        [500000, [b.entries.wire1], 'auto'],
        [20000, [b.entries.wire2], 'auto'],
        [-75000, [b.entries.check77], 'auto'],
      ]);
      const reconciliation = await b.call.get(`/v1/trust/statements/${imported.body.id}/reconciliation`);
      expect(reconciliation.body).toMatchObject({
        balanced: true,
        adjustedBankBalanceMinor: 455000,
        bookBalanceMinor: 455000,
        outstandingDepositsMinor: 10000,
      });
      const again = await b.call.post(ofxUrl(b), { statementOfx: ofxXml(NOVEMBER_STATEMENT) });
      expectProblem(again, 409, 'statement_already_imported');
      expect(await count(b, 'trust_statements')).toBe(1);
      expect(await audits(b, 'trust.statement-imported')).toBe(1);
      expect(await events(b, 'billing.trust.statement-imported')).toEqual([
        expect.objectContaining({ format: 'ofx', periodStart: '2026-11-01', lines: 3, autoMatched: 3 }),
      ]);
    });

    it('imports an OFX 2.2 XML statement', async () => {
      const b = await books();
      const imported = await b.call.post(ofxUrl(b), { statementOfx: ofxXml(NOVEMBER_STATEMENT) });
      expect(imported.status).toBe(201);
      expect((imported.body.lines as Array<{ matchedBy: string }>).map((line) => line.matchedBy)).toEqual([
        'auto',
        'auto',
        'auto',
      ]);
    });

    it('refuses broken files with a 400 naming the problem, and stores nothing', async () => {
      const b = await books();
      const sgml = ofxSgml(NOVEMBER_STATEMENT);
      const cases: Array<[unknown, string]> = [
        ['Date,Amount\n11/02/2026,5000.00\n', 'statementOfx'],
        [sgml.slice(0, sgml.indexOf('</BANKTRANLIST>')), 'statementOfx.OFX'],
        [sgml.replace('<TRNAMT>200.00', '<TRNAMT>2OO.00'), 'STMTTRN[1].TRNAMT'],
        [sgml.replace('<DTPOSTED>20261103', '<DTPOSTED>20261203'), 'STMTTRN[1].DTPOSTED'],
        [ofxSgml({ ...NOVEMBER_STATEMENT, currency: 'EUR' }), 'STMTRS.CURDEF'],
        [ofxSgml({ ...NOVEMBER_STATEMENT, end: '29990101', transactions: [] }), 'BANKTRANLIST.DTEND'],
        [`${sgml}\u0000`, 'statementOfx'],
        [null, 'statementOfx'],
        [42, 'statementOfx'],
      ];
      for (const [statementOfx, field] of cases) {
        const response = await b.call.post(ofxUrl(b), { statementOfx });
        expectProblem(response, 400);
        expect(JSON.stringify(response.body.errors)).toContain(field);
      }
      expect(await count(b, 'trust_statements')).toBe(0);
      expect(await count(b, 'trust_statement_matches')).toBe(0);
    });

    it("answers 404 for another firm's account, and lets one of twenty concurrent imports through", async () => {
      const b = await books();
      const stranger = serviceClient(app).as(newCaller({ roles: ['firm-admin', 'billing'] }));
      expectProblem(
        await stranger.post(ofxUrl(b), { statementOfx: ofxSgml(NOVEMBER_STATEMENT) }),
        404,
        'trust_account_not_found',
      );
      const imports = await Promise.all(
        Array.from({ length: 20 }, (_unused, index) =>
          b.call.post(ofxUrl(b), {
            // Each a download of its own (another DTSERVER), all the same statement.
            statementOfx: ofxSgml(NOVEMBER_STATEMENT, `202611280800${String(index).padStart(2, '0')}`),
          }),
        ),
      );
      expect(imports.map((response) => response.status).sort()).toEqual([
        201,
        ...Array<number>(19).fill(409),
      ]);
      expect(await count(b, 'trust_statements')).toBe(1);
      expect(await count(b, 'trust_statement_matches')).toBe(3);
    });
  });
});
