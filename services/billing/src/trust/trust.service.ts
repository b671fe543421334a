import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { TrustEntryRecordedV1, TrustLowBalanceV1, type DomainEvent } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { InvoicesService } from '../invoices/invoices.service';
import { PaymentsService } from '../payments/payments.service';
import type {
  CreateTrustAccountDto,
  ReconciliationRequestDto,
  ReverseTrustEntryDto,
  TrustBankItemDto,
  TrustDepositDto,
  TrustDisbursementDto,
  TrustTransferDto,
} from './dto/trust.dto';
import type {
  InvoiceTrustBalanceList,
  MatterTrustBalanceView,
  ReconciliationView,
  TrustAccountView,
  TrustEntryView,
  TrustLedgerView,
} from './dto/trust.view';
import type { TrustAccount } from './trust-account.entity';
import type { TrustEntry, TrustEntryKind } from './trust-entry.entity';
import type { TrustLedger } from './trust-ledger.entity';
import {
  TransferExceedsOpenError,
  TrustEntryAlreadyReversedError,
  TrustEntryNotReversibleError,
  TrustInsufficientFundsError,
} from './trust.exception';
import { autoMatch, parseStatementCsv, threeWayReconciliation } from './reconciliation/reconciliation.rules';
import { trustEntriesCsv, type TrustReportLine } from './reports/trust-csv.writer';
import { renderTrustReportPdf } from './reports/trust-pdf.renderer';
import { TrustRepository, type LedgerWithUncleared } from './trust.repository';
import {
  availableMinor,
  clearedOn,
  entryAllowed,
  minimumTransition,
  signedAmount,
  todayUtc,
} from './trust.rules';

/** What one entry writes, beyond the ledger it goes on. */
interface Movement {
  kind: TrustEntryKind;
  signedMinor: number;
  entryDate: string;
  clearedOn?: string | null;
  counterparty?: string | null;
  method?: string | null;
  reference?: string | null;
  invoiceId?: string | null;
  paymentId?: string | null;
  reversesEntryId?: string | null;
  memo?: string | null;
}

/**
 * Trust (IOLTA) money: accounts, one ledger per client matter and the firm's own funds line, immutable
 * entries. Every movement locks its ledger's balance row (SELECT ... FOR UPDATE) for the rest of its
 * transaction, so concurrent disbursements take turns and each sees the balance the previous one left;
 * the database's CHECK refuses a negative balance whatever the application does.
 */
@Injectable()
export class TrustService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trust: TrustRepository,
    private readonly matters: MatterProjectionService,
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
  ) {}

  // ---- accounts ----

  async createAccount(actor: Actor, input: CreateTrustAccountDto): Promise<TrustAccountView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const now = new Date();
      const account: TrustAccount = {
        firmId: actor.firmId,
        id: randomUUID(),
        name: input.name,
        kind: input.kind,
        bankName: input.bankName ?? null,
        accountLast4: input.accountLast4 ?? null,
        currency: input.currency,
        holdDays: input.holdDays,
        createdBy: actor.subject,
        createdAt: now,
      };
      await this.trust.insertAccount(manager, account, {
        firmId: actor.firmId,
        id: randomUUID(),
        accountId: account.id,
        kind: 'firm-funds',
        clientId: null,
        matterId: null,
        balanceMinor: '0',
        minimumBalanceMinor: null,
        belowMinimum: false,
        createdAt: now,
        updatedAt: now,
      });
      await recordChange(manager, actor, {
        action: 'trust.account-opened',
        resourceType: 'trust-account',
        resourceId: account.id,
        details: {
          name: account.name,
          kind: account.kind,
          currency: account.currency,
          holdDays: account.holdDays,
          bankName: account.bankName,
          accountLast4: account.accountLast4,
        },
      });
      return this.accountView(account, { clientLedgersMinor: 0, firmFundsMinor: 0 });
    });
  }

  async setHoldDays(actor: Actor, accountId: string, holdDays: number): Promise<TrustAccountView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      await this.trust.updateHoldDays(manager, accountId, holdDays);
      await recordChange(manager, actor, {
        action: 'trust.hold-days-set',
        resourceType: 'trust-account',
        resourceId: accountId,
        details: { from: account.holdDays, to: holdDays },
      });
      const totals = await this.trust.balancesByAccount(manager, [accountId]);
      return this.accountView({ ...account, holdDays }, totals.get(accountId));
    });
  }

  async getAccount(actor: Actor, accountId: string): Promise<TrustAccountView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      const totals = await this.trust.balancesByAccount(manager, [accountId]);
      return this.accountView(account, totals.get(accountId));
    });
  }

  async listAccounts(actor: Actor): Promise<{ items: TrustAccountView[] }> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const accounts = await this.trust.listAccounts(manager);
      const totals = await this.trust.balancesByAccount(
        manager,
        accounts.map((account) => account.id),
      );
      return { items: accounts.map((account) => this.accountView(account, totals.get(account.id))) };
    });
  }

  async ledgers(actor: Actor, accountId: string): Promise<{ items: TrustLedgerView[] }> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      const rows = await this.trust.ledgers(manager, { accountId }, todayUtc());
      return { items: rows.map((row) => this.ledgerView(row, account.currency)) };
    });
  }

  // ---- movements ----

  /** Money received into the matter's ledger; it may be disbursed once it clears (hold days). */
  async deposit(actor: Actor, accountId: string, input: TrustDepositDto): Promise<TrustEntryView> {
    return this.auditingRefusals(actor, accountId, 'deposit', input.amountMinor, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      const matter = await this.matters.find(manager, input.matterId);
      if (!matter) throw new NotFoundError('matter', input.matterId);
      const now = new Date();
      await this.trust.ensureLedger(manager, {
        firmId: actor.firmId,
        id: randomUUID(),
        accountId,
        kind: 'client',
        clientId: matter.clientId,
        matterId: matter.matterId,
        balanceMinor: '0',
        minimumBalanceMinor: null,
        belowMinimum: false,
        createdAt: now,
        updatedAt: now,
      });
      const ledger = await this.trust.lockLedger(manager, accountId, input.matterId);
      if (!ledger) throw new Error(`trust ledger of matter ${input.matterId} vanished after it was made`);
      return this.write(manager, actor, account, ledger, {
        kind: 'deposit',
        signedMinor: signedAmount('deposit', input.amountMinor),
        entryDate: input.receivedOn,
        clearedOn: clearedOn(input.receivedOn, account.holdDays),
        counterparty: input.payer,
        method: input.method,
        reference: input.reference ?? null,
        memo: input.memo ?? null,
      });
    });
  }

  /**
   * Earned fees moved to the firm's operating account to pay an issued invoice of the matter's client:
   * the invoice gets a payment (through PaymentsService, in this transaction), never more than is open.
   */
  async transfer(actor: Actor, accountId: string, input: TrustTransferDto): Promise<TrustEntryView> {
    return this.auditingRefusals(actor, accountId, 'transfer', input.amountMinor, async (manager) => {
      const { account, ledger } = await this.lockedClientLedger(manager, accountId, input.matterId);
      const signedMinor = signedAmount('transfer', input.amountMinor);
      const uncleared = await this.requireFunds(manager, ledger, signedMinor);
      const payment = await this.payments.recordTrustTransfer(manager, actor, {
        clientId: ledger.clientId ?? '',
        invoiceId: input.invoiceId,
        amountMinor: input.amountMinor,
        currency: account.currency,
        transferredOn: input.transferredOn,
        reference: input.reference ?? null,
      });
      switch (payment.outcome) {
        case 'invoice-not-found':
          throw new NotFoundError('invoice', input.invoiceId);
        case 'other-client':
          throw new ValidationFailedError([
            { field: 'invoiceId', message: "invoiceId must be an invoice of the matter's client" },
          ]);
        case 'other-currency':
          throw new ValidationFailedError([
            {
              field: 'invoiceId',
              message: `invoiceId is in ${payment.currency}; this trust account holds ${account.currency}`,
            },
          ]);
        case 'exceeds-open':
          throw new TransferExceedsOpenError(payment.openMinor);
        case 'recorded':
          return this.write(
            manager,
            actor,
            account,
            ledger,
            {
              kind: 'transfer',
              signedMinor,
              entryDate: input.transferredOn,
              counterparty: 'Firm operating account',
              reference: input.reference ?? null,
              invoiceId: input.invoiceId,
              paymentId: payment.paymentId,
            },
            { uncleared, unclearedAfter: uncleared },
          );
      }
    });
  }

  /** A refund to the client or a payment to a third party on its behalf. */
  async disburse(actor: Actor, accountId: string, input: TrustDisbursementDto): Promise<TrustEntryView> {
    return this.auditingRefusals(actor, accountId, input.kind, input.amountMinor, async (manager) => {
      const { account, ledger } = await this.lockedClientLedger(manager, accountId, input.matterId);
      return this.write(manager, actor, account, ledger, {
        kind: input.kind,
        signedMinor: signedAmount(input.kind, input.amountMinor),
        entryDate: input.paidOn,
        counterparty: input.payee,
        method: input.method,
        reference: input.reference ?? null,
        memo: input.memo ?? null,
      });
    });
  }

  /** A bank fee or interest, on the firm's own funds line (never on a client's ledger). */
  async bankItem(actor: Actor, accountId: string, input: TrustBankItemDto): Promise<TrustEntryView> {
    return this.auditingRefusals(actor, accountId, input.kind, input.amountMinor, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      const ledger = await this.trust.lockLedger(manager, accountId, null);
      if (!ledger) throw new Error(`trust account ${accountId} has no firm funds line`);
      return this.write(manager, actor, account, ledger, {
        kind: input.kind,
        signedMinor: signedAmount(input.kind, input.amountMinor),
        entryDate: input.entryDate,
        counterparty: account.bankName,
        reference: input.reference ?? null,
      });
    });
  }

  /**
   * Corrects an entry by its opposite, pointing at it. Reversing a transfer also reverses the payment it
   * recorded (the invoice is owed again). Refused when the money has since left the ledger.
   */
  async reverse(actor: Actor, entryId: string, input: ReverseTrustEntryDto): Promise<TrustEntryView> {
    const found = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.trust.findEntry(manager, entryId),
    );
    if (!found) throw new NotFoundError('trust_entry', entryId);
    const amountMinor = Math.abs(minorAmountFromDb(found.amountMinor));
    return this.auditingRefusals(actor, found.accountId, 'reversal', amountMinor, async (manager) => {
      const ledger = await this.trust.lockLedgerById(manager, found.ledgerId);
      const entry = await this.trust.findEntry(manager, entryId);
      if (!ledger || !entry) throw new NotFoundError('trust_entry', entryId);
      if (entry.kind === 'reversal') throw new TrustEntryNotReversibleError(entry.kind);
      const earlier = await this.trust.reversalOf(manager, entryId);
      if (earlier) throw new TrustEntryAlreadyReversedError(earlier.id);
      const account = await this.requireAccount(manager, entry.accountId);
      const signedMinor = -minorAmountFromDb(entry.amountMinor);
      const today = todayUtc();
      const uncleared = await this.trust.unclearedMinor(manager, ledger.id, today);
      const stillUncleared = entry.kind === 'deposit' && entry.clearedOn !== null && entry.clearedOn > today;
      const unclearedAfter = uncleared - (stillUncleared ? -signedMinor : 0);
      if (entry.kind === 'transfer' && entry.paymentId)
        await this.payments.reverseTrustTransfer(manager, actor, entry.paymentId, input);
      return this.write(
        manager,
        actor,
        account,
        ledger,
        {
          kind: 'reversal',
          signedMinor,
          entryDate: input.reversedOn,
          reversesEntryId: entry.id,
          invoiceId: entry.invoiceId,
          paymentId: entry.paymentId,
          memo: input.reason,
        },
        { uncleared, unclearedAfter },
      );
    });
  }

  async getEntry(actor: Actor, entryId: string): Promise<TrustEntryView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const entry = await this.trust.findEntry(manager, entryId);
      if (!entry) throw new NotFoundError('trust_entry', entryId);
      const [ledger] = await this.trust.ledgersById(manager, [entry.ledgerId]);
      const reversedBy = await this.trust.reversalsOf(manager, [entry.id]);
      return this.entryView(entry, ledger ?? null, reversedBy.get(entry.id) ?? null);
    });
  }

  async listEntries(
    actor: Actor,
    filter: { accountId?: string; matterId?: string },
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TrustEntryView>> {
    const after = decodeCursor(cursor, 'timestamp');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.trust.listEntries(manager, filter, limit, after);
      const page = rows.slice(0, limit);
      const ledgers = new Map(
        (await this.trust.ledgersById(manager, [...new Set(page.map((row) => row.ledgerId))])).map(
          (ledger) => [ledger.id, ledger],
        ),
      );
      const reversals = await this.trust.reversalsOf(
        manager,
        page.map((row) => row.id),
      );
      return toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.recordedAt.toISOString(), id: row.id }),
        (row) => this.entryView(row, ledgers.get(row.ledgerId) ?? null, reversals.get(row.id) ?? null),
      );
    });
  }

  // ---- minimums and balances ----

  /**
   * Sets (or clears) a matter's evergreen minimum in an account. Setting one above the balance is itself
   * a crossing and publishes `billing.trust.low-balance` once.
   */
  async setMinimum(
    actor: Actor,
    accountId: string,
    matterId: string,
    minimumMinor: number | null,
  ): Promise<TrustLedgerView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      const ledger = await this.trust.lockLedger(manager, accountId, matterId);
      if (!ledger || ledger.kind !== 'client') throw new NotFoundError('trust_ledger', matterId);
      const balanceMinor = minorAmountFromDb(ledger.balanceMinor);
      const transition = minimumTransition(ledger.belowMinimum, balanceMinor, minimumMinor);
      await this.trust.updateMinimum(manager, ledger.id, minimumMinor, transition.belowMinimum);
      const events: DomainEvent[] = transition.crossedBelow
        ? [this.lowBalanceEvent(account, ledger, balanceMinor, minimumMinor ?? 0, null)]
        : [];
      await recordChange(manager, actor, {
        action: 'trust.minimum-set',
        resourceType: 'trust-ledger',
        resourceId: ledger.id,
        details: { matterId, minimumMinor, balanceMinor },
        events,
      });
      const updated: TrustLedger = {
        ...ledger,
        minimumBalanceMinor: minimumMinor === null ? null : String(minimumMinor),
        belowMinimum: transition.belowMinimum,
      };
      const uncleared = await this.trust.unclearedMinor(manager, ledger.id, todayUtc());
      return this.ledgerView({ ledger: updated, unclearedMinor: uncleared }, account.currency);
    });
  }

  /** A matter's trust balance in every account that holds money for it. */
  async matterBalances(
    actor: Pick<Actor, 'firmId'>,
    matterIds: readonly string[],
  ): Promise<MatterTrustBalanceView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.trust.ledgers(manager, { matterIds }, todayUtc());
      const accounts = new Map(
        (await this.trust.listAccounts(manager)).map((account) => [account.id, account.currency]),
      );
      return rows.map(({ ledger, unclearedMinor }) => {
        const balanceMinor = minorAmountFromDb(ledger.balanceMinor);
        return {
          matterId: ledger.matterId ?? '',
          accountId: ledger.accountId,
          currency: accounts.get(ledger.accountId) ?? '',
          balanceMinor,
          availableMinor: availableMinor({ balanceMinor, unclearedMinor }),
          minimumBalanceMinor:
            ledger.minimumBalanceMinor === null ? null : minorAmountFromDb(ledger.minimumBalanceMinor),
          belowMinimum: ledger.belowMinimum,
        };
      });
    });
  }

  /**
   * The trust balances of the matters an invoice (draft or issued) bills: each ledger's balance now and,
   * for an issued invoice, what it held at the end of the issue day (UTC), as the invoice PDF prints it.
   */
  async invoiceTrustBalances(actor: Actor, invoiceId: string): Promise<InvoiceTrustBalanceList> {
    const invoice = await this.invoices.get(actor, invoiceId);
    const matterIds = invoice.matters.map((matter) => matter.id);
    const asOf = invoice.issuedAt ? invoice.issuedAt.slice(0, 10) : null;
    const current = await this.matterBalances(actor, matterIds);
    const held = asOf
      ? await withTenant(this.dataSource, actor.firmId, (manager) =>
          this.trust.matterHoldingsAt(manager, matterIds, asOf),
        )
      : [];
    const matters = new Map(invoice.matters.map((matter) => [matter.id, matter]));
    return {
      invoiceId,
      asOf,
      items: current.map((balance) => ({
        ...balance,
        matterNumber: matters.get(balance.matterId)?.number ?? null,
        matterTitle: matters.get(balance.matterId)?.title ?? null,
        heldAtIssueMinor: asOf
          ? (held.find(
              (ledger) => ledger.accountId === balance.accountId && ledger.matterId === balance.matterId,
            )?.heldMinor ?? 0)
          : null,
      })),
    };
  }

  // ---- reconciliation ----

  /**
   * Three-way reconciliation of the account at a period end against a bank statement (CSV through a
   * column mapping): statement lines matched to entries automatically, every difference listed. Computed
   * on request; not stored or signed off yet.
   */
  async reconcile(
    actor: Actor,
    accountId: string,
    input: ReconciliationRequestDto,
  ): Promise<ReconciliationView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireAccount(manager, accountId);
      const statement = parseStatementCsv(input.statementCsv, input.mapping);
      if (statement.problems.length)
        throw new ValidationFailedError(
          statement.problems.map((problem) => ({
            field: problem.row ? `statementCsv[row ${problem.row}].${problem.field}` : problem.field,
            message: problem.message,
          })),
        );
      const entries = await this.trust.entriesUpTo(manager, accountId, input.periodEnd);
      const matches = autoMatch(statement.lines, entries, input.dateWindowDays ?? 3);
      const result = threeWayReconciliation({
        periodEnd: input.periodEnd,
        statementBalanceMinor: input.statementBalanceMinor,
        lines: statement.lines,
        entries,
        matches,
        ledgers: await this.trust.ledgerBalancesAt(manager, accountId, input.periodEnd),
      });
      return { accountId, ...result, matches };
    });
  }

  // ---- reports ----

  /**
   * The account's journal for a period (every entry, oldest first) or, with `matterId`, that matter's
   * ledger card, as CSV. A `from` after `to` is 400.
   */
  async entriesCsv(
    actor: Actor,
    accountId: string,
    period: { from: string; to: string },
    matterId?: string,
  ): Promise<string> {
    const { lines } = await this.reportLines(actor, accountId, period, matterId);
    return trustEntriesCsv(lines);
  }

  /** The same journal or ledger card as a PDF (pdfkit). */
  async entriesPdf(
    actor: Actor,
    accountId: string,
    period: { from: string; to: string },
    matterId?: string,
  ): Promise<Buffer> {
    const { account, lines } = await this.reportLines(actor, accountId, period, matterId);
    return renderTrustReportPdf({
      title: matterId ? 'Client ledger card' : 'Trust journal',
      firmAccount: account,
      period,
      subject: matterId
        ? `Matter ${matterId}${lines[0]?.clientId ? `, client ${lines[0].clientId}` : ''}`
        : undefined,
      lines,
      generatedAt: new Date().toISOString(),
    });
  }

  private async reportLines(
    actor: Actor,
    accountId: string,
    period: { from: string; to: string },
    matterId?: string,
  ): Promise<{ account: TrustAccount; lines: TrustReportLine[] }> {
    if (period.from > period.to)
      throw new ValidationFailedError([{ field: 'from', message: 'from must not be after to' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const account = await this.requireAccount(manager, accountId);
      const rows = await this.trust.entriesForReport(manager, { accountId, matterId, ...period });
      return {
        account,
        lines: rows.map(({ entry, ledger }) => ({
          entryDate: entry.entryDate,
          entryId: entry.id,
          kind: entry.kind,
          clientId: ledger.clientId,
          matterId: ledger.matterId,
          counterparty: entry.counterparty,
          method: entry.method,
          reference: entry.reference,
          amountMinor: minorAmountFromDb(entry.amountMinor),
          balanceAfterMinor: minorAmountFromDb(entry.balanceAfterMinor),
          reversesEntryId: entry.reversesEntryId,
          recordedBy: entry.recordedBy,
          recordedAt: entry.recordedAt.toISOString(),
        })),
      };
    });
  }

  // ---- internals ----

  /**
   * Runs a movement in its transaction; when it is refused for want of funds, the refusal is audited in
   * a transaction of its own (the movement's rolled back) and the error goes back to the caller.
   */
  private async auditingRefusals<T>(
    actor: Actor,
    accountId: string,
    kind: TrustEntryKind,
    amountMinor: number,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await withTenant(this.dataSource, actor.firmId, work);
    } catch (error) {
      if (!(error instanceof TrustInsufficientFundsError)) throw error;
      // The refused request's Idempotency-Key stays unclaimed: a retry with more funds may succeed.
      const caller: ChangeCaller = {
        firmId: actor.firmId,
        actorType: actor.actorType,
        subject: actor.subject,
        correlationId: actor.correlationId,
        requestId: actor.requestId,
      };
      await withTenant(this.dataSource, actor.firmId, (manager) =>
        recordChange(manager, caller, {
          action: 'trust.disbursement-refused',
          resourceType: 'trust-ledger',
          resourceId: error.ledgerId ?? accountId,
          details: { accountId, kind, amountMinor, availableMinor: error.availableMinor },
        }),
      );
      throw error;
    }
  }

  private async requireAccount(manager: EntityManager, accountId: string): Promise<TrustAccount> {
    const account = await this.trust.findAccount(manager, accountId);
    if (!account) throw new NotFoundError('trust_account', accountId);
    return account;
  }

  /**
   * The matter's ledger in the account, locked, with the account; an unknown account is 404, and a matter
   * with no ledger in it has nothing to disburse.
   */
  private async lockedClientLedger(
    manager: EntityManager,
    accountId: string,
    matterId: string,
  ): Promise<{ account: TrustAccount; ledger: TrustLedger }> {
    const locked = await this.trust.lockLedgerWithAccount(manager, accountId, matterId);
    if (locked) return locked;
    await this.requireAccount(manager, accountId);
    throw new TrustInsufficientFundsError(null, 0, 0, 0);
  }

  private async requireFunds(
    manager: EntityManager,
    ledger: TrustLedger,
    signedMinor: number,
  ): Promise<number> {
    const uncleared = await this.trust.unclearedMinor(manager, ledger.id, todayUtc());
    const state = { balanceMinor: minorAmountFromDb(ledger.balanceMinor), unclearedMinor: uncleared };
    if (!entryAllowed(state, signedMinor, uncleared))
      throw new TrustInsufficientFundsError(ledger.id, availableMinor(state), state.balanceMinor, uncleared);
    return uncleared;
  }

  /** Writes one entry on a locked ledger: the funds check, the balance, the minimum, events and audit. */
  private async write(
    manager: EntityManager,
    actor: Actor,
    account: TrustAccount,
    ledger: TrustLedger,
    movement: Movement,
    known?: { uncleared: number; unclearedAfter: number },
  ): Promise<TrustEntryView> {
    const balanceMinor = minorAmountFromDb(ledger.balanceMinor);
    if (movement.signedMinor < 0) {
      const uncleared = known?.uncleared ?? (await this.trust.unclearedMinor(manager, ledger.id, todayUtc()));
      const state = { balanceMinor, unclearedMinor: uncleared };
      if (!entryAllowed(state, movement.signedMinor, known?.unclearedAfter ?? uncleared))
        throw new TrustInsufficientFundsError(ledger.id, availableMinor(state), balanceMinor, uncleared);
    }
    const balanceAfter = balanceMinor + movement.signedMinor;
    const minimumMinor =
      ledger.minimumBalanceMinor === null ? null : minorAmountFromDb(ledger.minimumBalanceMinor);
    const transition = minimumTransition(ledger.belowMinimum, balanceAfter, minimumMinor);
    const now = new Date();
    const entry: TrustEntry = {
      firmId: actor.firmId,
      id: randomUUID(),
      accountId: account.id,
      ledgerId: ledger.id,
      kind: movement.kind,
      amountMinor: String(movement.signedMinor),
      currency: account.currency,
      entryDate: movement.entryDate,
      clearedOn: movement.clearedOn ?? null,
      counterparty: movement.counterparty ?? null,
      method: movement.method ?? null,
      reference: movement.reference ?? null,
      invoiceId: movement.invoiceId ?? null,
      paymentId: movement.paymentId ?? null,
      reversesEntryId: movement.reversesEntryId ?? null,
      memo: movement.memo ?? null,
      balanceAfterMinor: String(balanceAfter),
      recordedBy: actor.subject,
      recordedAt: now,
    };
    await this.trust.writeEntry(manager, entry, {
      id: ledger.id,
      balanceMinor: balanceAfter,
      belowMinimum: transition.belowMinimum,
      updatedAt: now,
    });
    const events: DomainEvent[] = [
      {
        type: TrustEntryRecordedV1.type,
        aggregateId: account.id,
        data: {
          entryId: entry.id,
          accountId: account.id,
          ledgerId: ledger.id,
          kind: entry.kind,
          clientId: ledger.clientId,
          matterId: ledger.matterId,
          amountMinor: movement.signedMinor,
          currency: account.currency,
          entryDate: entry.entryDate,
          balanceAfterMinor: balanceAfter,
          invoiceId: entry.invoiceId,
          paymentId: entry.paymentId,
          reversesEntryId: entry.reversesEntryId,
          recordedAt: now.toISOString(),
        },
      },
    ];
    if (transition.crossedBelow && minimumMinor !== null)
      events.push(this.lowBalanceEvent(account, ledger, balanceAfter, minimumMinor, entry.id));
    await recordChange(manager, actor, {
      action: `trust.${entry.kind}`,
      resourceType: 'trust-entry',
      resourceId: entry.id,
      details: {
        accountId: account.id,
        ledgerId: ledger.id,
        matterId: ledger.matterId,
        amountMinor: movement.signedMinor,
        entryDate: entry.entryDate,
        balanceAfterMinor: balanceAfter,
        counterparty: entry.counterparty,
        reference: entry.reference,
        invoiceId: entry.invoiceId,
        reversesEntryId: entry.reversesEntryId,
      },
      events,
    });
    return this.entryView(entry, ledger, null);
  }

  private lowBalanceEvent(
    account: TrustAccount,
    ledger: TrustLedger,
    balanceMinor: number,
    minimumMinor: number,
    entryId: string | null,
  ): DomainEvent {
    return {
      type: TrustLowBalanceV1.type,
      aggregateId: account.id,
      data: {
        ledgerId: ledger.id,
        accountId: account.id,
        clientId: ledger.clientId ?? '',
        matterId: ledger.matterId ?? '',
        balanceMinor,
        minimumMinor,
        currency: account.currency,
        entryId,
        at: new Date().toISOString(),
      },
    };
  }

  private accountView(
    account: TrustAccount,
    totals: { clientLedgersMinor: number; firmFundsMinor: number } | undefined,
  ): TrustAccountView {
    const clientLedgersMinor = totals?.clientLedgersMinor ?? 0;
    const firmFundsMinor = totals?.firmFundsMinor ?? 0;
    return {
      id: account.id,
      name: account.name,
      kind: account.kind,
      currency: account.currency,
      holdDays: account.holdDays,
      bankName: account.bankName,
      accountLast4: account.accountLast4,
      bookBalanceMinor: clientLedgersMinor + firmFundsMinor,
      clientLedgersMinor,
      firmFundsMinor,
      createdAt: account.createdAt.toISOString(),
    };
  }

  private ledgerView({ ledger, unclearedMinor }: LedgerWithUncleared, currency: string): TrustLedgerView {
    const balanceMinor = minorAmountFromDb(ledger.balanceMinor);
    return {
      id: ledger.id,
      accountId: ledger.accountId,
      kind: ledger.kind,
      clientId: ledger.clientId,
      matterId: ledger.matterId,
      currency,
      balanceMinor,
      unclearedMinor,
      availableMinor: availableMinor({ balanceMinor, unclearedMinor }),
      minimumBalanceMinor:
        ledger.minimumBalanceMinor === null ? null : minorAmountFromDb(ledger.minimumBalanceMinor),
      belowMinimum: ledger.belowMinimum,
    };
  }

  private entryView(
    entry: TrustEntry,
    ledger: TrustLedger | null,
    reversedBy: string | null,
  ): TrustEntryView {
    return {
      id: entry.id,
      accountId: entry.accountId,
      ledgerId: entry.ledgerId,
      clientId: ledger?.clientId ?? null,
      matterId: ledger?.matterId ?? null,
      kind: entry.kind,
      amountMinor: minorAmountFromDb(entry.amountMinor),
      currency: entry.currency,
      entryDate: entry.entryDate,
      clearedOn: entry.clearedOn,
      counterparty: entry.counterparty,
      method: entry.method,
      reference: entry.reference,
      invoiceId: entry.invoiceId,
      paymentId: entry.paymentId,
      reversesEntryId: entry.reversesEntryId,
      reversedBy,
      memo: entry.memo,
      balanceAfterMinor: minorAmountFromDb(entry.balanceAfterMinor),
      recordedBy: entry.recordedBy,
      recordedAt: entry.recordedAt.toISOString(),
    };
  }
}
