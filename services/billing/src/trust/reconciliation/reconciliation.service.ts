import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { TrustReconciliationSignedOffV1, TrustStatementImportedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { isFutureDate, minorAmountFromDb } from '@lawfirm/primitives';
import { ClientsService } from '../../clients/clients.service';
import type { TrustAccount } from '../trust-account.entity';
import { TrustRepository } from '../trust.repository';
import type {
  ImportOfxStatementDto,
  ImportStatementDto,
  ManualMatchDto,
  SignOffDto,
  StatementView,
  StoredDifferenceView,
  StoredReconciliationView,
} from './reconciliation.dto';
import type {
  SignedReconciliationReport,
  TrustReconciliation,
  TrustStatement,
  TrustStatementLine,
  TrustStatementMatch,
} from './reconciliation.entity';
import {
  AlreadySignedOffError,
  DifferencesUnexplainedError,
  EntryAlreadyMatchedError,
  LineAlreadyMatchedError,
  MatchAmountsDisagreeError,
  SignOffNeedsUserError,
  StatementAlreadyImportedError,
} from './reconciliation.exception';
import { parseStatementOfx } from './ofx-statement';
import { ReconciliationRepository } from './reconciliation.repository';
import { ledgerName, reconciliationCsv, renderReconciliationPdf } from './reconciliation-report';
import {
  autoMatch,
  parseStatementCsv,
  threeWayReconciliation,
  type Difference,
  type Match,
  type StatementLine,
} from './reconciliation.rules';

/**
 * Stored trust reconciliations: a bank statement imported once (content hash), its lines matched to ledger
 * entries automatically at import and by hand, the three-way reconciliation of its period computed from
 * the stored statement and matches, and its sign-off — stored and immutable, one per account and period.
 * Every write locks the account row first, so writes to one account's reconciliation take turns.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reconciliations: ReconciliationRepository,
    private readonly trust: TrustRepository,
    private readonly matters: MatterProjectionService,
    private readonly clients: ClientsService,
  ) {}

  async importStatement(actor: Actor, accountId: string, input: ImportStatementDto): Promise<StatementView> {
    if (input.periodStart > input.periodEnd)
      throw new ValidationFailedError([
        { field: 'periodStart', message: 'periodStart must not be after periodEnd' },
      ]);
    const parsed = parseStatementCsv(input.statementCsv, input.mapping);
    const problems = parsed.problems.map((problem) => ({
      field: problem.row ? `statementCsv[row ${problem.row}].${problem.field}` : problem.field,
      message: problem.message,
    }));
    for (const line of parsed.lines)
      if (line.date < input.periodStart || line.date > input.periodEnd)
        problems.push({
          field: `statementCsv[row ${line.row}].${input.mapping.date}`,
          message: `the date ${line.date} is outside the statement's period`,
        });
    if (problems.length) throw new ValidationFailedError(problems);
    // The file itself, whatever the line endings: the same statement under another mapping is still a repeat.
    const contentHash = createHash('sha256')
      .update(input.statementCsv.replace(/\r\n?/g, '\n').trim())
      .digest('hex');
    return this.storeStatement(actor, accountId, {
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      closingBalanceMinor: input.closingBalanceMinor,
      dateWindowDays: input.dateWindowDays ?? 3,
      contentHash,
      lines: parsed.lines,
      format: 'csv',
    });
  }

  /**
   * Imports an OFX bank statement (SGML 1.x or XML 2.x): its period, closing balance and currency come
   * from the file, which must be in the account's currency and not end in the future. The same statement
   * again (same bank account, period, balance and transactions, whatever the header) is a repeat.
   */
  async importOfxStatement(
    actor: Actor,
    accountId: string,
    input: ImportOfxStatementDto,
  ): Promise<StatementView> {
    const parsed = parseStatementOfx(input.statementOfx);
    if (!parsed.statement)
      throw new ValidationFailedError(
        parsed.problems.map((problem) => ({ field: problem.field, message: problem.message })),
      );
    const statement = parsed.statement;
    const account = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.trust.findAccount(manager, accountId),
    );
    if (!account) throw new NotFoundError('trust_account', accountId);
    const problems: Array<{ field: string; message: string }> = [];
    if (statement.currency !== account.currency)
      problems.push({
        field: 'statementOfx.OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS.CURDEF',
        message: `the statement is in ${statement.currency}; this trust account holds ${account.currency}`,
      });
    if (isFutureDate(statement.periodEnd))
      problems.push({
        field: 'statementOfx.OFX.BANKMSGSRSV1.STMTTRNRS.STMTRS.BANKTRANLIST.DTEND',
        message: `the statement's period ends ${statement.periodEnd}, in the future`,
      });
    if (problems.length) throw new ValidationFailedError(problems);
    return this.storeStatement(actor, accountId, {
      periodStart: statement.periodStart,
      periodEnd: statement.periodEnd,
      closingBalanceMinor: statement.closingBalanceMinor,
      dateWindowDays: input.dateWindowDays ?? 3,
      contentHash: createHash('sha256').update(statement.contentKey).digest('hex'),
      lines: statement.lines,
      format: 'ofx',
    });
  }

  /**
   * Stores a parsed statement once (content hash per account, under the account's lock) and matches its
   * lines automatically to entries up to its period end that no earlier statement's line cleared.
   */
  private async storeStatement(
    actor: Actor,
    accountId: string,
    input: {
      periodStart: string;
      periodEnd: string;
      closingBalanceMinor: number;
      dateWindowDays: number;
      contentHash: string;
      lines: readonly StatementLine[];
      format: 'csv' | 'ofx';
    },
  ): Promise<StatementView> {
    const { contentHash } = input;
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const account = await this.lockedAccount(manager, accountId);
      const existing = await this.reconciliations.statementByHash(manager, accountId, contentHash);
      if (existing) throw new StatementAlreadyImportedError(existing.id);
      const now = new Date();
      const statement: TrustStatement = {
        firmId: actor.firmId,
        id: randomUUID(),
        accountId,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        closingBalanceMinor: String(input.closingBalanceMinor),
        contentHash,
        dateWindowDays: input.dateWindowDays,
        importedBy: actor.subject,
        importedAt: now,
      };
      const lines: TrustStatementLine[] = input.lines.map((line) => ({
        firmId: actor.firmId,
        id: randomUUID(),
        statementId: statement.id,
        row: line.row,
        lineDate: line.date,
        amountMinor: String(line.amountMinor),
        description: line.description,
        reference: line.reference,
      }));
      await this.reconciliations.insertStatement(manager, statement, lines);
      // Auto-match against entries no earlier statement has cleared.
      const cleared = new Set(
        (await this.reconciliations.accountMatches(manager, accountId)).map(({ match }) => match.entryId),
      );
      const candidates = (await this.trust.entriesUpTo(manager, accountId, input.periodEnd)).filter(
        (entry) => !cleared.has(entry.id),
      );
      const lineByRow = new Map(lines.map((line) => [line.row, line]));
      const matches: TrustStatementMatch[] = autoMatch(input.lines, candidates, statement.dateWindowDays).map(
        (match) => ({
          firmId: actor.firmId,
          id: randomUUID(),
          statementId: statement.id,
          lineId: lineByRow.get(match.row)?.id ?? '',
          entryId: match.entryId,
          source: 'auto',
          matchedBy: actor.subject,
          matchedAt: now,
        }),
      );
      await this.reconciliations.insertMatches(manager, matches);
      await recordChange(manager, actor, {
        action: 'trust.statement-imported',
        resourceType: 'trust-statement',
        resourceId: statement.id,
        details: {
          accountId,
          format: input.format,
          periodStart: statement.periodStart,
          periodEnd: statement.periodEnd,
          closingBalanceMinor: input.closingBalanceMinor,
          lines: lines.length,
          autoMatched: matches.length,
        },
        events: [
          {
            type: TrustStatementImportedV1.type,
            aggregateId: accountId,
            data: {
              statementId: statement.id,
              accountId,
              format: input.format,
              periodStart: statement.periodStart,
              periodEnd: statement.periodEnd,
              closingBalanceMinor: input.closingBalanceMinor,
              currency: account.currency,
              lines: lines.length,
              autoMatched: matches.length,
              importedAt: now.toISOString(),
            },
          },
        ],
      });
      return this.statementView(statement, lines, matches);
    });
  }

  async getStatement(actor: Actor, statementId: string): Promise<StatementView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const statement = await this.requireStatement(manager, statementId);
      return this.statementView(
        statement,
        await this.reconciliations.lines(manager, statementId),
        await this.reconciliations.statementMatches(manager, statementId),
      );
    });
  }

  /** Matches a statement line by hand to entries of the account whose amounts add up to the line's. */
  async matchLine(
    actor: Actor,
    statementId: string,
    lineId: string,
    input: ManualMatchDto,
  ): Promise<StatementView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const { statement, line } = await this.lockedLine(manager, statementId, lineId);
      const matches = await this.reconciliations.accountMatches(manager, statement.accountId);
      if (matches.some(({ match }) => match.lineId === line.id)) throw new LineAlreadyMatchedError(line.id);
      const entries = await this.reconciliations.entries(manager, statement.accountId, input.entryIds);
      const found = new Set(entries.map((entry) => entry.id));
      const problems = input.entryIds.flatMap((id, index) =>
        found.has(id)
          ? []
          : [{ field: `entryIds[${index}]`, message: 'no such entry in this trust account' }],
      );
      entries.forEach((entry) => {
        if (entry.entryDate > statement.periodEnd)
          problems.push({
            field: `entryIds[${input.entryIds.indexOf(entry.id)}]`,
            message: `the entry is dated ${entry.entryDate}, after the statement's period`,
          });
      });
      if (problems.length) throw new ValidationFailedError(problems);
      const taken = matches.filter(({ match }) => found.has(match.entryId)).map(({ match }) => match.entryId);
      if (taken.length) throw new EntryAlreadyMatchedError(taken);
      const entriesMinor = entries.reduce((sum, entry) => sum + minorAmountFromDb(entry.amountMinor), 0);
      const lineMinor = minorAmountFromDb(line.amountMinor);
      if (entriesMinor !== lineMinor) throw new MatchAmountsDisagreeError(lineMinor, entriesMinor);
      const now = new Date();
      await this.reconciliations.insertMatches(
        manager,
        input.entryIds.map((entryId) => ({
          firmId: actor.firmId,
          id: randomUUID(),
          statementId,
          lineId: line.id,
          entryId,
          source: 'manual',
          matchedBy: actor.subject,
          matchedAt: now,
        })),
      );
      await recordChange(manager, actor, {
        action: 'trust.statement-line-matched',
        resourceType: 'trust-statement',
        resourceId: statementId,
        details: { lineId: line.id, row: line.row, entryIds: input.entryIds, amountMinor: lineMinor },
      });
      return this.statementView(
        statement,
        await this.reconciliations.lines(manager, statementId),
        await this.reconciliations.statementMatches(manager, statementId),
      );
    });
  }

  /** Takes back every match of a statement line (automatic or by hand). */
  async unmatchLine(actor: Actor, statementId: string, lineId: string): Promise<StatementView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const { statement, line } = await this.lockedLine(manager, statementId, lineId);
      const matched = (await this.reconciliations.statementMatches(manager, statementId)).filter(
        (match) => match.lineId === line.id,
      );
      if (matched.length) {
        await this.reconciliations.deleteLineMatches(manager, line.id);
        await recordChange(manager, actor, {
          action: 'trust.statement-line-unmatched',
          resourceType: 'trust-statement',
          resourceId: statementId,
          details: { lineId: line.id, row: line.row, entryIds: matched.map((match) => match.entryId) },
        });
      }
      return this.statementView(
        statement,
        await this.reconciliations.lines(manager, statementId),
        await this.reconciliations.statementMatches(manager, statementId),
      );
    });
  }

  /** The statement's reconciliation: the signed one if signed off, otherwise computed now. */
  async reconciliationOfStatement(actor: Actor, statementId: string): Promise<StoredReconciliationView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const statement = await this.requireStatement(manager, statementId);
      const signed = await this.reconciliations.reconciliationOfStatement(manager, statementId);
      return signed ? this.signedView(signed) : this.compute(manager, statement, []);
    });
  }

  async getReconciliation(actor: Actor, reconciliationId: string): Promise<StoredReconciliationView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const signed = await this.reconciliations.reconciliation(manager, reconciliationId);
      if (!signed) throw new NotFoundError('trust_reconciliation', reconciliationId);
      return this.signedView(signed);
    });
  }

  /** A signed reconciliation's report as CSV or PDF, with the account it is for. */
  async report(actor: Actor, reconciliationId: string, format: 'csv'): Promise<string>;
  async report(actor: Actor, reconciliationId: string, format: 'pdf'): Promise<Buffer>;
  async report(actor: Actor, reconciliationId: string, format: 'csv' | 'pdf'): Promise<string | Buffer> {
    const document = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const signed = await this.reconciliations.reconciliation(manager, reconciliationId);
      if (!signed) throw new NotFoundError('trust_reconciliation', reconciliationId);
      const account = await this.trust.findAccount(manager, signed.accountId);
      if (!account) throw new NotFoundError('trust_account', signed.accountId);
      const reconciliation = this.signedView(signed);
      return {
        reconciliation,
        account,
        generatedAt: new Date().toISOString(),
        ...(await this.ledgerNames(manager, signed.accountId, reconciliation.differences)),
      };
    });
    return format === 'csv' ? reconciliationCsv(document) : renderReconciliationPdf(document);
  }

  /**
   * Signs off the statement's reconciliation as the caller: balanced, or with every difference explained.
   * Stored with its figures and differences as they stand now; one per account and period end.
   */
  async signOff(actor: Actor, statementId: string, input: SignOffDto): Promise<StoredReconciliationView> {
    if (actor.actorType !== 'user') throw new SignOffNeedsUserError();
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const statement = await this.requireStatement(manager, statementId);
      await this.lockedAccount(manager, statement.accountId);
      const existing = await this.reconciliations.reconciliationOfPeriod(
        manager,
        statement.accountId,
        statement.periodEnd,
      );
      if (existing) throw new AlreadySignedOffError(existing.id);
      const explanations = input.explanations ?? [];
      const computed = await this.compute(manager, statement, explanations);
      const known = new Set([...computed.differences.map((difference) => difference.key), 'balances']);
      const unknown = explanations.flatMap((explanation, index) =>
        known.has(explanation.key)
          ? []
          : [{ field: `explanations[${index}].key`, message: 'no such difference in this reconciliation' }],
      );
      if (unknown.length) throw new ValidationFailedError(unknown);
      if (!computed.balanced) {
        const needed = computed.differences
          .filter((difference) => difference.kind !== 'outstanding-entry')
          .map((difference) => difference.key);
        const required = needed.length ? needed : ['balances'];
        const given = new Set(explanations.map((explanation) => explanation.key));
        const missing = required.filter((key) => !given.has(key));
        if (missing.length) throw new DifferencesUnexplainedError(missing);
      }
      const now = new Date();
      const report: SignedReconciliationReport = {
        outstandingDepositsMinor: computed.outstandingDepositsMinor,
        outstandingChecksMinor: computed.outstandingChecksMinor,
        differences: computed.differences.map((difference) => ({ ...difference })),
      };
      const row: TrustReconciliation = {
        firmId: actor.firmId,
        id: randomUUID(),
        accountId: statement.accountId,
        statementId,
        periodStart: statement.periodStart,
        periodEnd: statement.periodEnd,
        statementBalanceMinor: String(computed.statementBalanceMinor),
        adjustedBankBalanceMinor: String(computed.adjustedBankBalanceMinor),
        bookBalanceMinor: String(computed.bookBalanceMinor),
        clientLedgersMinor: String(computed.clientLedgersMinor),
        firmFundsMinor: String(computed.firmFundsMinor),
        balanced: computed.balanced,
        report,
        signedOffBy: actor.subject,
        signedOffAt: now,
      };
      await this.reconciliations.insertReconciliation(manager, row);
      await recordChange(manager, actor, {
        action: 'trust.reconciliation-signed-off',
        resourceType: 'trust-reconciliation',
        resourceId: row.id,
        details: {
          accountId: row.accountId,
          statementId,
          periodEnd: row.periodEnd,
          balanced: row.balanced,
          differences: computed.differences.length,
          explained: explanations.length,
        },
        events: [
          {
            type: TrustReconciliationSignedOffV1.type,
            aggregateId: row.accountId,
            data: {
              reconciliationId: row.id,
              statementId,
              accountId: row.accountId,
              periodStart: row.periodStart,
              periodEnd: row.periodEnd,
              balanced: row.balanced,
              adjustedBankBalanceMinor: computed.adjustedBankBalanceMinor,
              bookBalanceMinor: computed.bookBalanceMinor,
              clientLedgersMinor: computed.clientLedgersMinor,
              differences: computed.differences.length,
              signedOffBy: row.signedOffBy,
              signedOffAt: now.toISOString(),
            },
          },
        ],
      });
      return this.signedView(row);
    });
  }

  /**
   * The three-way reconciliation of a stored statement: its lines, the matches of its lines, and the
   * entries earlier statements' lines cleared (they are no longer outstanding at this period end).
   */
  private async compute(
    manager: EntityManager,
    statement: TrustStatement,
    explanations: ReadonlyArray<{ key: string; explanation: string }>,
  ): Promise<StoredReconciliationView> {
    const lines = await this.reconciliations.lines(manager, statement.id);
    const entries = await this.trust.entriesUpTo(manager, statement.accountId, statement.periodEnd);
    const rowOf = new Map(lines.map((line) => [line.id, line.row]));
    const lineOfRow = new Map(lines.map((line) => [line.row, line.id]));
    // Row 0 never names a line of this statement: an entry another statement cleared by this period end.
    const matches: Match[] = (
      await this.reconciliations.accountMatches(manager, statement.accountId)
    ).flatMap(({ match, lineDate }) =>
      match.statementId === statement.id
        ? [{ row: rowOf.get(match.lineId) ?? 0, entryId: match.entryId }]
        : lineDate <= statement.periodEnd
          ? [{ row: 0, entryId: match.entryId }]
          : [],
    );
    const statementLines: StatementLine[] = lines.map((line) => ({
      row: line.row,
      date: line.lineDate,
      amountMinor: minorAmountFromDb(line.amountMinor),
      description: line.description,
      reference: line.reference,
    }));
    const result = threeWayReconciliation({
      periodEnd: statement.periodEnd,
      statementBalanceMinor: minorAmountFromDb(statement.closingBalanceMinor),
      lines: statementLines,
      entries,
      matches,
      ledgers: await this.trust.ledgerBalancesAt(manager, statement.accountId, statement.periodEnd),
    });
    const explained = new Map(explanations.map((explanation) => [explanation.key, explanation.explanation]));
    const keyOf = (difference: Difference): string => {
      switch (difference.kind) {
        case 'unmatched-statement-line':
          return `line:${lineOfRow.get(difference.row) ?? ''}`;
        case 'outstanding-entry':
          return `entry:${difference.entryId}`;
        case 'ledger-disagrees':
          return `ledger:${difference.ledgerId}`;
      }
    };
    return {
      id: null,
      accountId: statement.accountId,
      statementId: statement.id,
      periodStart: statement.periodStart,
      periodEnd: statement.periodEnd,
      statementBalanceMinor: result.statementBalanceMinor,
      outstandingDepositsMinor: result.outstandingDepositsMinor,
      outstandingChecksMinor: result.outstandingChecksMinor,
      adjustedBankBalanceMinor: result.adjustedBankBalanceMinor,
      bookBalanceMinor: result.bookBalanceMinor,
      clientLedgersMinor: result.clientLedgersMinor,
      firmFundsMinor: result.firmFundsMinor,
      balanced: result.balanced,
      differences: result.differences.map((difference) => {
        const key = keyOf(difference);
        return { ...difference, key, explanation: explained.get(key) ?? null };
      }),
      signedOffBy: null,
      signedOffAt: null,
    };
  }

  private signedView(row: TrustReconciliation): StoredReconciliationView {
    const report = row.report;
    return {
      id: row.id,
      accountId: row.accountId,
      statementId: row.statementId,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      statementBalanceMinor: minorAmountFromDb(row.statementBalanceMinor),
      outstandingDepositsMinor: report.outstandingDepositsMinor,
      outstandingChecksMinor: report.outstandingChecksMinor,
      adjustedBankBalanceMinor: minorAmountFromDb(row.adjustedBankBalanceMinor),
      bookBalanceMinor: minorAmountFromDb(row.bookBalanceMinor),
      clientLedgersMinor: minorAmountFromDb(row.clientLedgersMinor),
      firmFundsMinor: minorAmountFromDb(row.firmFundsMinor),
      balanced: row.balanced,
      differences: report.differences as unknown as StoredDifferenceView[],
      signedOffBy: row.signedOffBy,
      signedOffAt: row.signedOffAt.toISOString(),
    };
  }

  private statementView(
    statement: TrustStatement,
    lines: readonly TrustStatementLine[],
    matches: readonly TrustStatementMatch[],
  ): StatementView {
    return {
      id: statement.id,
      accountId: statement.accountId,
      periodStart: statement.periodStart,
      periodEnd: statement.periodEnd,
      closingBalanceMinor: minorAmountFromDb(statement.closingBalanceMinor),
      dateWindowDays: statement.dateWindowDays,
      importedBy: statement.importedBy,
      importedAt: statement.importedAt.toISOString(),
      lines: lines.map((line) => {
        const own = matches.filter((match) => match.lineId === line.id);
        return {
          id: line.id,
          row: line.row,
          date: line.lineDate,
          amountMinor: minorAmountFromDb(line.amountMinor),
          description: line.description,
          reference: line.reference,
          matchedEntryIds: own.map((match) => match.entryId),
          matchedBy: own[0]?.source ?? null,
        };
      }),
    };
  }

  /**
   * Names for the ledgers the differences are about (a ledger that disagrees, an outstanding entry's):
   * the client's name and the matter's number and title from billing's projections of intake.
   */
  private async ledgerNames(
    manager: EntityManager,
    accountId: string,
    differences: readonly StoredDifferenceView[],
  ): Promise<{ ledgerNames: Record<string, string>; entryLedgers: Record<string, string> }> {
    const entryIds = differences.flatMap((difference) => (difference.entryId ? [difference.entryId] : []));
    const entries = entryIds.length ? await this.reconciliations.entries(manager, accountId, entryIds) : [];
    const entryLedgers = Object.fromEntries(entries.map((entry) => [entry.id, entry.ledgerId]));
    const ledgerIds = new Set([
      ...entries.map((entry) => entry.ledgerId),
      ...differences.flatMap((difference) => (difference.ledgerId ? [difference.ledgerId] : [])),
    ]);
    const ledgers = await this.trust.ledgersById(manager, [...ledgerIds]);
    const clients = await this.clients.names(manager, [
      ...new Set(ledgers.flatMap((ledger) => (ledger.clientId ? [ledger.clientId] : []))),
    ]);
    const ledgerNames: Record<string, string> = {};
    for (const ledger of ledgers) {
      const matter = ledger.matterId ? await this.matters.find(manager, ledger.matterId) : null;
      ledgerNames[ledger.id] = ledgerName({
        kind: ledger.kind,
        clientId: ledger.clientId,
        clientName: ledger.clientId ? (clients.get(ledger.clientId) ?? null) : null,
        matterId: ledger.matterId,
        matterNumber: matter?.number ?? null,
        matterTitle: matter?.title ?? null,
      });
    }
    return { ledgerNames, entryLedgers };
  }

  private async lockedAccount(manager: EntityManager, accountId: string): Promise<TrustAccount> {
    const account = await this.reconciliations.lockAccount(manager, accountId);
    if (!account) throw new NotFoundError('trust_account', accountId);
    return account;
  }

  private async requireStatement(manager: EntityManager, statementId: string): Promise<TrustStatement> {
    const statement = await this.reconciliations.statement(manager, statementId);
    if (!statement) throw new NotFoundError('trust_statement', statementId);
    return statement;
  }

  /** The statement's line, with the account locked; a signed-off statement's matches no longer change. */
  private async lockedLine(
    manager: EntityManager,
    statementId: string,
    lineId: string,
  ): Promise<{ statement: TrustStatement; line: TrustStatementLine }> {
    const statement = await this.requireStatement(manager, statementId);
    await this.lockedAccount(manager, statement.accountId);
    const line = await this.reconciliations.line(manager, statementId, lineId);
    if (!line) throw new NotFoundError('trust_statement_line', lineId);
    const signed = await this.reconciliations.reconciliationOfStatement(manager, statementId);
    if (signed) throw new AlreadySignedOffError(signed.id);
    return { statement, line };
  }
}
