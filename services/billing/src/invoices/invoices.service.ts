import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { CreditNoteIssuedV1, InvoiceIssuedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import type { ProjectedMatter } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { ClientsService } from '../clients/clients.service';
import { RatesService } from '../rates/rates.service';
import { TaxesService } from '../taxes/taxes.service';
import { WipService } from '../wip/wip.service';
import type { CreditNote } from './credit-note.entity';
import type {
  AddContingencyDto,
  AddFlatFeeDto,
  AdjustmentDto,
  BillingTermsDto,
  CreatePreBillDto,
  EditLineDto,
  EditPreBillDto,
  FirmBillingTermsDto,
  FirmBillingTermsView,
  NumberingDto,
  NumberingView,
} from './dto/pre-bill.dto';
import type {
  BillingTermsView,
  CreditNoteView,
  InvoiceLineView,
  InvoiceSummaryView,
  InvoiceView,
  IssuedBalance,
  IssuedInvoice,
} from './dto/invoice.view';
import type { InvoiceLine } from './invoice-line.entity';
import type { Invoice } from './invoice.entity';
import {
  BillingTermsMissingError,
  CreditExceedsBalanceError,
  InvoiceAlreadyIssuedError,
  InvoiceEmptyError,
  InvoiceFullyCreditedError,
  InvoiceNotIssuedError,
  NothingToBillError,
  OutsourcingRuleError,
  PreBillExistsError,
  PreBillStaleError,
  RateNotFoundError,
} from './invoice.exception';
import {
  adjustedAmount,
  contingencyFee,
  invoiceTotals,
  outsourcingProblems,
  percentToBasisPoints,
  timeAmount,
  type LineAdjustment,
} from './invoice.rules';
import { DEFAULT_NUMBERING, InvoicesRepository, type InvoiceFilters } from './invoices.repository';

export interface IssuedTimeLine {
  invoiceId: string;
  clientId: string;
  timekeeperId: string;
  workDate: string;
  minutes: number;
  amountMinor: number;
}
import type { FirmBillingTerms } from './firm-billing-terms.entity';
import type { MatterBillingTerms } from './matter-billing-terms.entity';
import type { NumberSeriesName } from './number-series.entity';

/** What payments read of an issued invoice (through this service). */
export type { IssuedBalance } from './dto/invoice.view';
/** The credit-note routes live in payments (what may be credited depends on what is paid). */
export { CreditNoteView } from './dto/invoice.view';
export { CreditNoteDto, VoidInvoiceDto } from './dto/pre-bill.dto';

/** Days from issue to due date when the matter's terms name none. */
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

const money = (value: string | null): number | null => (value === null ? null : minorAmountFromDb(value));

/** Pre-bills (draft invoices), issuing with gap-free numbers, credit notes, and the invoice read model. */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invoices: InvoicesRepository,
    private readonly wip: WipService,
    private readonly rates: RatesService,
    private readonly clients: ClientsService,
    private readonly taxes: TaxesService,
  ) {}

  // ---- pre-bills ----

  async createPreBill(actor: Actor, input: CreatePreBillDto): Promise<InvoiceView> {
    if ((input.matterId === undefined) === (input.clientId === undefined))
      throw new ValidationFailedError([{ field: 'matterId', message: 'give either matterId or clientId' }]);
    if (input.periodStart !== undefined && input.periodStart > input.periodEnd)
      throw new ValidationFailedError([
        { field: 'periodStart', message: 'periodStart must not be after periodEnd' },
      ]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      let matters: ProjectedMatter[];
      if (input.matterId) {
        matters = await this.invoices.matters(manager, [input.matterId]);
        if (matters.length === 0) throw new NotFoundError('matter', input.matterId);
      } else {
        matters = await this.invoices.mattersOfClient(manager, input.clientId as string);
        if (matters.length === 0) throw new NotFoundError('client', input.clientId as string);
      }
      const clientId = matters[0]!.clientId;
      const matterIds = matters.map((matter) => matter.matterId);
      await this.invoices.lockClientBills(manager, actor.firmId, clientId);
      const open = await this.invoices.openDraftFor(manager, clientId, matterIds);
      if (open) throw new PreBillExistsError(open.id);
      const scope = {
        matterIds,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd,
        currency: input.currency,
      };
      const work = await this.wip.freeWork(manager, scope);
      const rules = await this.rates.rulesReaching(manager, input.currency, matterIds, [clientId]);
      const termsByMatter = new Map(
        (await this.invoices.terms(manager, matterIds)).map((terms) => [terms.matterId, terms]),
      );
      const invoiceId = randomUUID();
      const lines: InvoiceLine[] = [];
      const unpriced: FieldError[] = [];
      for (const entry of work.time) {
        const rate = this.rates.resolve(rules, {
          matterId: entry.matterId,
          clientId,
          timekeeperId: entry.timekeeperId,
          activityCode: entry.activityCode,
          workDate: entry.workDate,
          currency: input.currency,
        });
        if (!rate) {
          unpriced.push({
            field: `timeEntries[${entry.timeEntryId}]`,
            message: `no ${input.currency} rate rule reaches timekeeper ${entry.timekeeperId} on ${entry.workDate}`,
          });
          continue;
        }
        const amount = timeAmount(entry.billedTenths, rate.rateMinor);
        lines.push({
          ...blankLine(actor.firmId, invoiceId, lines.length + 1, 'time', entry.matterId),
          timeEntryId: entry.timeEntryId,
          workDate: entry.workDate,
          timekeeperId: entry.timekeeperId,
          timekeeperName: entry.timekeeperName,
          classification: entry.classification,
          ledesClassification: entry.ledesClassification,
          taskCode: entry.taskCode,
          activityCode: entry.activityCode,
          narrative: entry.narrative,
          minutes: entry.minutes,
          billedTenths: entry.billedTenths,
          rateMinor: String(rate.rateMinor),
          rateRuleId: rate.ruleId,
          rateSource: rate.scope,
          standardMinor: String(amount),
          amountMinor: String(amount),
          outsourced: entry.outsourced,
          vendorId: entry.vendorId,
          markupBp: entry.outsourced ? (termsByMatter.get(entry.matterId)?.vendorMarkupBp ?? null) : null,
        });
      }
      if (unpriced.length) throw new RateNotFoundError(unpriced);
      for (const expense of work.expenses) {
        const amount = minorAmountFromDb(expense.amountMinor);
        lines.push({
          ...blankLine(actor.firmId, invoiceId, lines.length + 1, 'expense', expense.matterId),
          expenseId: expense.expenseId,
          workDate: expense.expenseDate,
          timekeeperId: expense.timekeeperId,
          expenseCode: expense.expenseCode,
          narrative: expense.description,
          standardMinor: String(amount),
          amountMinor: String(amount),
          costMinor: String(amount),
          outsourced: expense.outsourced,
          vendorId: expense.vendorId,
        });
      }
      const totals = invoiceTotals(lines.map(priced), null);
      const invoice: Invoice = {
        firmId: actor.firmId,
        id: invoiceId,
        status: 'draft',
        number: null,
        clientId,
        matterId: input.matterId ?? null,
        currency: input.currency,
        periodStart: input.periodStart ?? null,
        periodEnd: input.periodEnd,
        discountKind: null,
        discountValue: null,
        discountReason: null,
        ...totalsColumns(totals),
        createdBy: actor.subject,
        createdAt: new Date(),
        issuedBy: null,
        issuedAt: null,
        dueDate: null,
      };
      await this.invoices.insertInvoice(manager, invoice, lines);
      await this.wip.hold(
        manager,
        invoiceId,
        work.time.map((entry) => entry.timeEntryId),
        work.expenses.map((expense) => expense.expenseId),
      );
      await recordChange(manager, actor, {
        action: 'pre-bill.created',
        resourceType: 'invoice',
        resourceId: invoiceId,
        details: {
          clientId,
          matterIds,
          periodStart: invoice.periodStart,
          periodEnd: invoice.periodEnd,
          currency: invoice.currency,
          timeLines: work.time.length,
          expenseLines: work.expenses.length,
          totalMinor: totals.totalMinor,
        },
      });
      return this.view(manager, invoice, lines, []);
    });
  }

  async editPreBill(actor: Actor, invoiceId: string, input: EditPreBillDto): Promise<InvoiceView> {
    return this.changeDraft(actor, invoiceId, async (manager, invoice, lines) => {
      const before = {
        kind: invoice.discountKind,
        value: invoice.discountValue,
        reason: invoice.discountReason,
      };
      if (input.discount === null) {
        invoice.discountKind = null;
        invoice.discountValue = null;
        invoice.discountReason = null;
      } else if (input.discount) {
        const { kind, percent, amountMinor, reason } = input.discount;
        if (kind === 'percent' && percent === undefined)
          throw new ValidationFailedError([
            { field: 'discount.percent', message: 'a percent discount needs percent' },
          ]);
        if (kind === 'amount' && amountMinor === undefined)
          throw new ValidationFailedError([
            { field: 'discount.amountMinor', message: 'an amount discount needs amountMinor' },
          ]);
        invoice.discountKind = kind;
        invoice.discountValue = String(
          kind === 'percent' ? percentToBasisPoints(percent as number) : amountMinor,
        );
        invoice.discountReason = reason;
      }
      await this.invoices.saveInvoice(manager, withTotals(invoice, lines));
      return {
        action: 'pre-bill.discounted',
        details: {
          before,
          after: { kind: invoice.discountKind, value: invoice.discountValue, reason: invoice.discountReason },
        },
      };
    });
  }

  async editLine(actor: Actor, invoiceId: string, lineId: string, input: EditLineDto): Promise<InvoiceView> {
    return this.changeDraft(actor, invoiceId, async (manager, invoice, lines) => {
      const line = lines.find((candidate) => candidate.id === lineId);
      if (!line) throw new NotFoundError('invoice_line', lineId);
      const before = lineAudit(line);
      if (input.narrative !== undefined) line.narrative = input.narrative;
      if (input.adjustment === null) {
        line.adjustmentKind = null;
        line.adjustmentValue = null;
        line.adjustmentReason = null;
      } else if (input.adjustment) {
        const adjustment = checkedAdjustment(input.adjustment);
        line.adjustmentKind = adjustment.kind;
        line.adjustmentValue = String(adjustment.value);
        line.adjustmentReason = input.adjustment.reason;
      }
      line.amountMinor = String(lineAmount(line));
      assertOutsourcingRule([line]);
      await this.invoices.saveLines(manager, [line]);
      await this.invoices.saveInvoice(manager, withTotals(invoice, lines));
      return { action: 'pre-bill.line-edited', details: { lineId, before, after: lineAudit(line) } };
    });
  }

  /**
   * Takes a line off the pre-bill. Time and expenses go back to work in progress for a later bill (the
   * entry itself is untouched); a flat fee's covered time is priced again.
   */
  async removeLine(actor: Actor, invoiceId: string, lineId: string): Promise<InvoiceView> {
    return this.changeDraft(actor, invoiceId, async (manager, invoice, lines) => {
      const index = lines.findIndex((candidate) => candidate.id === lineId);
      const line = lines[index];
      if (!line) throw new NotFoundError('invoice_line', lineId);
      lines.splice(index, 1);
      await this.invoices.deleteLine(manager, lineId);
      await this.wip.hold(
        manager,
        null,
        line.timeEntryId ? [line.timeEntryId] : [],
        line.expenseId ? [line.expenseId] : [],
      );
      const uncovered = lines.filter((candidate) => candidate.coveredByLineId === lineId);
      for (const covered of uncovered) {
        covered.coveredByLineId = null;
        covered.amountMinor = String(lineAmount(covered));
      }
      await this.invoices.saveLines(manager, uncovered);
      await this.invoices.saveInvoice(manager, withTotals(invoice, lines));
      return {
        action:
          line.kind === 'time' || line.kind === 'expense'
            ? 'pre-bill.line-deferred'
            : 'pre-bill.line-removed',
        details: {
          lineId,
          kind: line.kind,
          timeEntryId: line.timeEntryId,
          expenseId: line.expenseId,
          amountMinor: line.amountMinor,
        },
      };
    });
  }

  /** A flat fee for the matter, or one phase of it: the time it covers stays on the bill at zero. */
  async addFlatFee(actor: Actor, invoiceId: string, input: AddFlatFeeDto): Promise<InvoiceView> {
    return this.changeDraft(actor, invoiceId, async (manager, invoice, lines) => {
      const matterId = await this.matterOfBill(manager, invoice, input.matterId);
      const terms = (await this.invoices.terms(manager, [matterId]))[0];
      const amount = input.amountMinor ?? money(terms?.flatFeeMinor ?? null);
      if (amount === null) throw new BillingTermsMissingError('flat fee', 'amountMinor');
      const line: InvoiceLine = {
        ...blankLine(invoice.firmId, invoice.id, nextPosition(lines), 'flat-fee', matterId),
        taskCode: input.phase ?? null,
        narrative: input.description,
        standardMinor: String(amount),
        amountMinor: String(amount),
      };
      await this.invoices.insertLine(manager, line);
      const covered = lines.filter(
        (candidate) =>
          candidate.kind === 'time' &&
          candidate.matterId === matterId &&
          candidate.coveredByLineId === null &&
          (input.phase === undefined || candidate.taskCode === input.phase),
      );
      for (const timeLine of covered) {
        timeLine.coveredByLineId = line.id;
        timeLine.amountMinor = '0';
      }
      await this.invoices.saveLines(manager, covered);
      lines.push(line);
      await this.invoices.saveInvoice(manager, withTotals(invoice, lines));
      return {
        action: 'pre-bill.flat-fee-added',
        details: {
          lineId: line.id,
          matterId,
          amountMinor: amount,
          phase: input.phase ?? null,
          coveredLines: covered.length,
        },
      };
    });
  }

  /** A contingency fee on a recorded recovery, by the matter's terms (expenses off before or after the fee). */
  async addContingency(actor: Actor, invoiceId: string, input: AddContingencyDto): Promise<InvoiceView> {
    return this.changeDraft(actor, invoiceId, async (manager, invoice, lines) => {
      const matterId = await this.matterOfBill(manager, invoice, input.matterId);
      const terms = (await this.invoices.terms(manager, [matterId]))[0];
      const percentBp = terms ? contingencyPercent(terms, input.stage) : null;
      if (!terms || percentBp === null || terms.expensesDeducted === null)
        throw new BillingTermsMissingError(`${input.stage} contingency percentage`, 'stage');
      const expensesMinor = lines
        .filter((line) => line.kind === 'expense' && line.matterId === matterId)
        .reduce((sum, line) => sum + minorAmountFromDb(line.amountMinor), 0);
      const fee = contingencyFee(input.recoveryMinor, expensesMinor, {
        percentBp,
        expensesDeducted: terms.expensesDeducted,
      });
      const line: InvoiceLine = {
        ...blankLine(invoice.firmId, invoice.id, nextPosition(lines), 'contingency', matterId),
        narrative: `Contingency fee (${input.stage}): ${percentBp / 100}% of ${fee.baseMinor} (expenses deducted ${terms.expensesDeducted})`,
        standardMinor: String(fee.feeMinor),
        amountMinor: String(fee.feeMinor),
        details: {
          recoveryMinor: input.recoveryMinor,
          stage: input.stage,
          percentBp,
          expensesDeducted: terms.expensesDeducted,
          expensesMinor,
          baseMinor: fee.baseMinor,
          clientNetMinor: fee.clientNetMinor,
        },
      };
      await this.invoices.insertLine(manager, line);
      lines.push(line);
      await this.invoices.saveInvoice(manager, withTotals(invoice, lines));
      return { action: 'pre-bill.contingency-added', details: { lineId: line.id, ...line.details } };
    });
  }

  /** Discards a pre-bill: its work goes back to work in progress. */
  async discard(actor: Actor, invoiceId: string): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoice = await this.draft(manager, invoiceId);
      await this.wip.releaseInvoice(manager, invoiceId);
      await this.invoices.deleteInvoice(manager, invoiceId);
      await recordChange(manager, actor, {
        action: 'pre-bill.discarded',
        resourceType: 'invoice',
        resourceId: invoiceId,
        details: { clientId: invoice.clientId, totalMinor: invoice.totalMinor },
      });
    });
  }

  /**
   * Issues a pre-bill: the outsourced-cost rule is checked on every line, its work is marked billed, it
   * takes the next gap-free number, and `billing.invoice.issued` goes out in the same transaction.
   */
  async issue(actor: Actor, invoiceId: string): Promise<InvoiceView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoice = await this.draft(manager, invoiceId);
      const lines = await this.invoices.lines(manager, invoiceId);
      if (lines.length === 0) throw new InvoiceEmptyError();
      assertOutsourcingRule(lines);
      const issuedAt = new Date();
      const held = await this.wip.markBilled(manager, invoiceId, issuedAt);
      const heldTime = new Set(held.timeEntryIds);
      const heldExpenses = new Set(held.expenseIds);
      const stale = lines
        .filter(
          (line) =>
            (line.timeEntryId !== null && !heldTime.has(line.timeEntryId)) ||
            (line.expenseId !== null && !heldExpenses.has(line.expenseId)),
        )
        .map((line) => ({
          field: `lines[${line.id}]`,
          message: 'this work was reversed after the pre-bill was made',
        }));
      if (stale.length) throw new PreBillStaleError(stale);
      withTotals(invoice, lines);
      await this.applyTaxes(manager, invoice, lines, issuedAt);
      invoice.number = await this.invoices.takeNumber(manager, actor.firmId, 'invoice');
      invoice.status = 'issued';
      invoice.issuedAt = issuedAt;
      invoice.issuedBy = actor.subject;
      invoice.dueDate = await this.dueDate(manager, invoice, issuedAt);
      await this.invoices.saveInvoice(manager, invoice);
      const matterIds = [...new Set(lines.map((line) => line.matterId))];
      await recordChange(manager, actor, {
        action: 'invoice.issued',
        resourceType: 'invoice',
        resourceId: invoice.id,
        details: {
          number: invoice.number,
          totalMinor: invoice.totalMinor,
          taxMinor: invoice.taxMinor,
          currency: invoice.currency,
        },
        events: [
          {
            type: InvoiceIssuedV1.type,
            aggregateId: invoice.id,
            data: {
              invoiceId: invoice.id,
              invoiceNumber: invoice.number,
              matterId: invoice.matterId ?? matterIds[0]!,
              timeEntryIds: held.timeEntryIds,
              expenseIds: held.expenseIds,
              issuedAt: issuedAt.toISOString(),
              clientId: invoice.clientId,
              matterIds,
              totalMinor: minorAmountFromDb(invoice.totalMinor),
              currency: invoice.currency,
            },
          },
        ],
      });
      return this.view(manager, invoice, lines, []);
    });
  }

  // ---- credit notes ----

  /**
   * The client of an issued invoice, read without a lock: payments take the client's lock before a credit
   * note locks the invoice, the order every money movement of a client follows. A draft is 409, another
   * firm's or an unknown invoice 404.
   */
  async clientOfIssuedInvoice(manager: EntityManager, invoiceId: string): Promise<string> {
    const invoice = await this.invoices.findInvoice(manager, invoiceId);
    if (!invoice) throw new NotFoundError('invoice', invoiceId);
    if (invoice.status !== 'issued' || invoice.number === null) throw new InvoiceNotIssuedError();
    return invoice.clientId;
  }

  /**
   * A credit note against an issued invoice in the caller's transaction (payments call it holding the
   * client's lock, with what is paid on the invoice). `decide` gets the invoice's total and what credit
   * notes already took, and returns the amount to credit or throws; the invoice row stays locked until
   * the caller commits, so two credit notes on one invoice take turns.
   */
  async creditInTransaction(
    manager: EntityManager,
    actor: Actor,
    invoiceId: string,
    reason: string,
    decide: (invoice: { totalMinor: number; creditedMinor: number }) => number,
  ): Promise<CreditNoteView> {
    const invoice = await this.invoices.findInvoice(manager, invoiceId, true);
    if (!invoice) throw new NotFoundError('invoice', invoiceId);
    if (invoice.status !== 'issued' || invoice.number === null) throw new InvoiceNotIssuedError();
    const total = minorAmountFromDb(invoice.totalMinor);
    const credited = (await this.invoices.creditNotes(manager, invoiceId)).reduce(
      (sum, note) => sum + minorAmountFromDb(note.amountMinor),
      0,
    );
    const balance = total - credited;
    if (balance <= 0) throw new InvoiceFullyCreditedError();
    const amount = decide({ totalMinor: total, creditedMinor: credited });
    if (amount > balance) throw new CreditExceedsBalanceError(balance);
    const note: CreditNote = {
      firmId: actor.firmId,
      id: randomUUID(),
      number: await this.invoices.takeNumber(manager, actor.firmId, 'credit-note'),
      invoiceId,
      clientId: invoice.clientId,
      amountMinor: String(amount),
      currency: invoice.currency,
      extent: amount === balance ? 'full' : 'partial',
      reason,
      issuedBy: actor.subject,
      issuedAt: new Date(),
    };
    await this.invoices.insertCreditNote(manager, note);
    await recordChange(manager, actor, {
      action: 'invoice.credited',
      resourceType: 'invoice',
      resourceId: invoiceId,
      details: {
        creditNoteId: note.id,
        creditNoteNumber: note.number,
        amountMinor: amount,
        extent: note.extent,
        reason,
      },
      events: [
        {
          type: CreditNoteIssuedV1.type,
          aggregateId: invoiceId,
          data: {
            creditNoteId: note.id,
            creditNoteNumber: note.number,
            invoiceId,
            invoiceNumber: invoice.number,
            clientId: invoice.clientId,
            amountMinor: amount,
            currency: invoice.currency,
            extent: note.extent,
            reason,
            issuedAt: note.issuedAt.toISOString(),
          },
        },
      ],
    });
    return creditNoteView(note);
  }

  async getCreditNote(actor: Actor, id: string): Promise<CreditNoteView> {
    const note = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.invoices.findCreditNote(manager, id),
    );
    if (!note) throw new NotFoundError('credit_note', id);
    return creditNoteView(note);
  }

  // ---- for payments ----

  /**
   * Issued invoices (of a client, or by id) with their credited amounts, oldest issued first, read in the
   * caller's transaction; `lock` holds them until it commits so payments and credit notes on one invoice
   * take turns. Another firm's invoices are not seen (row-level security on the manager's tenant).
   */
  async issuedBalances(
    manager: EntityManager,
    filters: { clientId?: string; invoiceIds?: readonly string[]; issuedOnOrBefore?: string },
    lock = false,
  ): Promise<IssuedBalance[]> {
    const rows = await this.invoices.issuedWithCredits(manager, filters, lock);
    return rows.map(({ invoice, creditedMinor }) => ({
      invoiceId: invoice.id,
      number: invoice.number ?? '',
      clientId: invoice.clientId,
      currency: invoice.currency,
      totalMinor: minorAmountFromDb(invoice.totalMinor),
      creditedMinor: minorAmountFromDb(creditedMinor),
      issuedAt: invoice.issuedAt ?? invoice.createdAt,
      dueDate: invoice.dueDate,
      matterId: invoice.matterId,
    }));
  }

  /**
   * For reports, in the caller's transaction: the time lines (timekeeper, work date, minutes, amount) of
   * invoices in `currency` issued from `from` to `to` (UTC dates, inclusive).
   */
  async issuedTimeLines(
    manager: EntityManager,
    period: { from: string; to: string; currency: string },
  ): Promise<IssuedTimeLine[]> {
    const rows = await this.invoices.issuedTimeLines(manager, period);
    return rows.map((row) => ({ ...row, amountMinor: minorAmountFromDb(row.amountMinor) }));
  }

  // ---- reads ----

  async get(actor: Actor, id: string): Promise<InvoiceView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoice = await this.invoices.findInvoice(manager, id);
      if (!invoice) throw new NotFoundError('invoice', id);
      return this.view(
        manager,
        invoice,
        await this.invoices.lines(manager, id),
        await this.invoices.creditNotes(manager, id),
      );
    });
  }

  async list(
    actor: Actor,
    filters: InvoiceFilters,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<InvoiceSummaryView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.invoices.list(manager, filters, limit, after),
    );
    return toPage(
      rows,
      limit,
      (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }),
      (row): InvoiceSummaryView => ({
        id: row.id,
        status: row.status,
        number: row.number,
        clientId: row.clientId,
        matterId: row.matterId,
        currency: row.currency,
        totalMinor: minorAmountFromDb(row.totalMinor),
        createdAt: row.createdAt.toISOString(),
        issuedAt: row.issuedAt?.toISOString() ?? null,
      }),
    );
  }

  /**
   * An issued invoice with everything its LEDES file or document needs (for the ledes and
   * invoice-documents features). A draft, or another firm's invoice, is not found.
   */
  async issuedInvoice(actor: Pick<Actor, 'firmId'>, invoiceId: string): Promise<IssuedInvoice> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoice = await this.invoices.findInvoice(manager, invoiceId);
      if (!invoice || invoice.status !== 'issued' || !invoice.number || !invoice.issuedAt)
        throw new NotFoundError('invoice', invoiceId);
      const lines = await this.invoices.lines(manager, invoiceId);
      const notes = await this.invoices.creditNotes(manager, invoiceId);
      const matters = await this.invoices.matters(manager, [
        ...new Set([...lines.map((line) => line.matterId), ...(invoice.matterId ? [invoice.matterId] : [])]),
      ]);
      const matterById = new Map(matters.map((matter) => [matter.matterId, matter]));
      const clientName =
        (await this.clients.names(manager, [invoice.clientId])).get(invoice.clientId) ?? null;
      const registrations = await this.taxes.registrations(manager, [
        ...new Set(lines.flatMap((line) => (line.taxRateId ? [line.taxRateId] : []))),
      ]);
      return {
        invoiceId: invoice.id,
        number: invoice.number,
        issuedAt: invoice.issuedAt.toISOString(),
        currency: invoice.currency,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        clientId: invoice.clientId,
        clientName,
        matterId: invoice.matterId,
        matters: [...matterById.values()].map((matter) => ({
          matterId: matter.matterId,
          number: matter.number,
          title: matter.title,
        })),
        feesMinor: minorAmountFromDb(invoice.feesMinor),
        disbursementsMinor: minorAmountFromDb(invoice.disbursementsMinor),
        discountMinor: minorAmountFromDb(invoice.discountMinor),
        taxMinor: minorAmountFromDb(invoice.taxMinor),
        discountTax: discountTaxOf(invoice, lines, registrations),
        totalMinor: minorAmountFromDb(invoice.totalMinor),
        creditedMinor: notes.reduce((sum, note) => sum + minorAmountFromDb(note.amountMinor), 0),
        lines: lines.map((line) => {
          const matter = matterById.get(line.matterId);
          const standard = minorAmountFromDb(line.standardMinor);
          const amount = minorAmountFromDb(line.amountMinor);
          return {
            lineId: line.id,
            position: line.position,
            kind: line.kind,
            matterId: line.matterId,
            matterNumber: matter?.number ?? null,
            matterTitle: matter?.title ?? null,
            timeEntryId: line.timeEntryId,
            expenseId: line.expenseId,
            date: line.workDate,
            timekeeperId: line.timekeeperId,
            timekeeperName: line.timekeeperName,
            classification: line.classification,
            ledesClassification: line.ledesClassification,
            taskCode: line.taskCode,
            activityCode: line.activityCode,
            expenseCode: line.expenseCode,
            narrative: line.narrative,
            minutes: line.minutes,
            billedTenths: line.billedTenths,
            rateMinor: money(line.rateMinor),
            standardMinor: standard,
            adjustmentMinor: amount - standard,
            amountMinor: amount,
            outsourced: line.outsourced,
            tax: line.taxRateId
              ? {
                  taxRateId: line.taxRateId,
                  type: line.taxType ?? '',
                  rateBasisPoints: line.taxRateBp ?? 0,
                  amountMinor: minorAmountFromDb(line.taxMinor),
                  registrationNumber: registrations.get(line.taxRateId) ?? null,
                }
              : null,
          };
        }),
      };
    });
  }

  // ---- matters' billing terms and numbering ----

  async getTerms(actor: Actor, matterId: string): Promise<BillingTermsView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const terms = (await this.invoices.terms(manager, [matterId]))[0];
      if (!terms) throw new NotFoundError('billing_terms', matterId);
      return termsView(terms);
    });
  }

  /** The firm's default payment terms (30 days until it sets its own). */
  async getFirmTerms(actor: Actor): Promise<FirmBillingTermsView> {
    const terms = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.invoices.firmTerms(manager),
    );
    return {
      paymentTermsDays: terms?.paymentTermsDays ?? DEFAULT_PAYMENT_TERMS_DAYS,
      isDefault: terms === null,
      updatedAt: terms?.updatedAt.toISOString() ?? null,
    };
  }

  /** Sets the firm's default payment terms, used at issue for a matter whose terms name none. */
  async putFirmTerms(actor: Actor, input: FirmBillingTermsDto): Promise<FirmBillingTermsView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const before = await this.invoices.firmTerms(manager);
      const terms: FirmBillingTerms = {
        firmId: actor.firmId,
        paymentTermsDays: input.paymentTermsDays,
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      await this.invoices.saveFirmTerms(manager, terms);
      await recordChange(manager, actor, {
        action: 'firm-billing-terms.set',
        resourceType: 'firm-billing-terms',
        resourceId: actor.firmId,
        details: {
          paymentTermsDays: input.paymentTermsDays,
          previousPaymentTermsDays: before?.paymentTermsDays ?? null,
        },
      });
      return {
        paymentTermsDays: terms.paymentTermsDays,
        isDefault: false,
        updatedAt: terms.updatedAt.toISOString(),
      };
    });
  }

  async putTerms(actor: Actor, matterId: string, input: BillingTermsDto): Promise<BillingTermsView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if ((await this.invoices.matters(manager, [matterId])).length === 0)
        throw new NotFoundError('matter', matterId);
      const terms: MatterBillingTerms = {
        firmId: actor.firmId,
        matterId,
        currency: input.currency,
        flatFeeMinor:
          input.flatFeeMinor === undefined || input.flatFeeMinor === null ? null : String(input.flatFeeMinor),
        contingencySettlementBp: input.contingency
          ? percentToBasisPoints(input.contingency.settlementPercent)
          : null,
        contingencyTrialBp:
          input.contingency?.trialPercent !== undefined
            ? percentToBasisPoints(input.contingency.trialPercent)
            : null,
        contingencyAppealBp:
          input.contingency?.appealPercent !== undefined
            ? percentToBasisPoints(input.contingency.appealPercent)
            : null,
        expensesDeducted: input.contingency?.expensesDeducted ?? null,
        vendorMarkupBp: input.vendorMarkup ? percentToBasisPoints(input.vendorMarkup.percent) : null,
        vendorMarkupDisclosure: input.vendorMarkup?.disclosure ?? null,
        paymentTermsDays: input.paymentTermsDays ?? null,
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      await this.invoices.saveTerms(manager, terms);
      const view = termsView(terms);
      await recordChange(manager, actor, {
        action: 'billing-terms.set',
        resourceType: 'matter',
        resourceId: matterId,
        details: { ...view, updatedAt: view.updatedAt } as unknown as AuditDetails,
      });
      return view;
    });
  }

  async numbering(actor: Actor): Promise<NumberingView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const stored = new Map((await this.invoices.numbering(manager)).map((row) => [row.series, row]));
      return (Object.keys(DEFAULT_NUMBERING) as NumberSeriesName[]).map((series) => {
        const row = stored.get(series);
        const { prefix, padding } = row ?? DEFAULT_NUMBERING[series];
        return {
          series,
          prefix,
          padding,
          nextNumber: `${prefix}${(row?.nextValue ?? '1').padStart(padding, '0')}`,
        };
      });
    });
  }

  async setNumbering(actor: Actor, series: NumberSeriesName, input: NumberingDto): Promise<NumberingView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const row = await this.invoices.setNumbering(
        manager,
        actor.firmId,
        series,
        input.prefix,
        input.padding,
      );
      await recordChange(manager, actor, {
        action: 'numbering.set',
        resourceType: 'number_series',
        resourceId: series,
        details: { prefix: input.prefix, padding: input.padding },
      });
      return {
        series,
        prefix: row.prefix,
        padding: row.padding,
        nextNumber: `${row.prefix}${row.nextValue.padStart(row.padding, '0')}`,
      };
    });
  }

  // ---- internals ----

  /**
   * Issue date (UTC) + the matter's payment terms; without them (or on a bill across matters) the firm's
   * default terms, or 30 days when the firm has set none.
   */
  /**
   * The bill's taxes as of its issue day (UTC), stored on its taxed lines and in its totals before it becomes
   * issued (after that the lines cannot change): total = fees + disbursements − discount + tax.
   */
  private async applyTaxes(
    manager: EntityManager,
    invoice: Invoice,
    lines: InvoiceLine[],
    issuedAt: Date,
  ): Promise<void> {
    const taxes = await this.taxes.invoiceTaxes(manager, {
      clientId: invoice.clientId,
      issueDay: issuedAt.toISOString().slice(0, 10),
      discountMinor: minorAmountFromDb(invoice.discountMinor),
      lines: lines.map((line) => ({
        id: line.id,
        kind: line.kind,
        matterId: line.matterId,
        amountMinor: minorAmountFromDb(line.amountMinor),
      })),
    });
    const taxed: InvoiceLine[] = [];
    lines.forEach((line, index) => {
      const tax = taxes.lines[index];
      if (!tax) return;
      line.taxRateId = tax.taxRateId;
      line.taxType = tax.taxType;
      line.taxRateBp = tax.rateBp;
      line.taxMinor = String(tax.taxMinor);
      taxed.push(line);
    });
    await this.invoices.setLineTaxes(manager, taxed);
    const taxMinor =
      taxed.reduce((sum, line) => sum + minorAmountFromDb(line.taxMinor), 0) +
      (taxes.discount.kind === 'taxed' ? taxes.discount.taxMinor : 0);
    invoice.taxMinor = String(taxMinor);
    invoice.totalMinor = String(minorAmountFromDb(invoice.totalMinor) + taxMinor);
  }

  private async dueDate(manager: EntityManager, invoice: Invoice, issuedAt: Date): Promise<string> {
    const [terms] = invoice.matterId ? await this.invoices.terms(manager, [invoice.matterId]) : [];
    const days =
      terms?.paymentTermsDays ??
      (await this.invoices.firmTerms(manager))?.paymentTermsDays ??
      DEFAULT_PAYMENT_TERMS_DAYS;
    return new Date(Date.UTC(issuedAt.getUTCFullYear(), issuedAt.getUTCMonth(), issuedAt.getUTCDate() + days))
      .toISOString()
      .slice(0, 10);
  }

  /** One audited edit of a draft, in one transaction, answering the pre-bill as it now stands. */
  private async changeDraft(
    actor: Actor,
    invoiceId: string,
    edit: (
      manager: EntityManager,
      invoice: Invoice,
      lines: InvoiceLine[],
    ) => Promise<{ action: string; details: AuditDetails }>,
  ): Promise<InvoiceView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoice = await this.draft(manager, invoiceId);
      const lines = await this.invoices.lines(manager, invoiceId);
      const change = await edit(manager, invoice, lines);
      await recordChange(manager, actor, {
        action: change.action,
        resourceType: 'invoice',
        resourceId: invoiceId,
        details: change.details,
      });
      return this.view(manager, invoice, lines, []);
    });
  }

  /** The pre-bill, locked for the edit; an issued invoice refuses every edit. */
  private async draft(manager: EntityManager, invoiceId: string): Promise<Invoice> {
    const invoice = await this.invoices.findInvoice(manager, invoiceId, true);
    if (!invoice) throw new NotFoundError('invoice', invoiceId);
    if (invoice.status !== 'draft') throw new InvoiceAlreadyIssuedError(invoice.number);
    return invoice;
  }

  private async matterOfBill(
    manager: EntityManager,
    invoice: Invoice,
    requested: string | undefined,
  ): Promise<string> {
    if (invoice.matterId) {
      if (requested !== undefined && requested !== invoice.matterId)
        throw new ValidationFailedError([
          { field: 'matterId', message: "matterId must be the bill's matter" },
        ]);
      return invoice.matterId;
    }
    if (requested === undefined)
      throw new ValidationFailedError([
        { field: 'matterId', message: 'a bill across matters needs matterId' },
      ]);
    const matter = (await this.invoices.matters(manager, [requested]))[0];
    if (!matter || matter.clientId !== invoice.clientId)
      throw new NothingToBillError('matterId', "matterId must be one of the bill's client's matters");
    return requested;
  }

  private async view(
    manager: EntityManager,
    invoice: Invoice,
    lines: InvoiceLine[],
    notes: CreditNote[],
  ): Promise<InvoiceView> {
    const matterIds = [
      ...new Set([...(invoice.matterId ? [invoice.matterId] : []), ...lines.map((line) => line.matterId)]),
    ];
    const matters = new Map(
      (await this.invoices.matters(manager, matterIds)).map((matter) => [matter.matterId, matter]),
    );
    const clientName = (await this.clients.names(manager, [invoice.clientId])).get(invoice.clientId) ?? null;
    const matterRef = (id: string) => ({
      id,
      number: matters.get(id)?.number ?? null,
      title: matters.get(id)?.title ?? null,
    });
    const total = minorAmountFromDb(invoice.totalMinor);
    const credited = notes.reduce((sum, note) => sum + minorAmountFromDb(note.amountMinor), 0);
    return {
      id: invoice.id,
      status:
        invoice.status === 'draft'
          ? 'draft'
          : credited === 0
            ? 'issued'
            : credited >= total
              ? 'credited'
              : 'partially-credited',
      number: invoice.number,
      client: { id: invoice.clientId, name: clientName },
      matter: invoice.matterId ? matterRef(invoice.matterId) : null,
      matters: matterIds.map(matterRef),
      currency: invoice.currency,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      discount:
        invoice.discountKind && invoice.discountValue !== null
          ? {
              kind: invoice.discountKind,
              value: minorAmountFromDb(invoice.discountValue),
              reason: invoice.discountReason ?? '',
            }
          : null,
      totals: {
        feesMinor: minorAmountFromDb(invoice.feesMinor),
        disbursementsMinor: minorAmountFromDb(invoice.disbursementsMinor),
        discountMinor: minorAmountFromDb(invoice.discountMinor),
        taxMinor: minorAmountFromDb(invoice.taxMinor),
        totalMinor: total,
        creditedMinor: credited,
        balanceMinor: total - credited,
      },
      lines: lines.map(lineView),
      creditNotes: notes.map(creditNoteView),
      createdAt: invoice.createdAt.toISOString(),
      issuedAt: invoice.issuedAt?.toISOString() ?? null,
    };
  }
}

function blankLine(
  firmId: string,
  invoiceId: string,
  position: number,
  kind: InvoiceLine['kind'],
  matterId: string,
): InvoiceLine {
  return {
    firmId,
    id: randomUUID(),
    invoiceId,
    position,
    kind,
    matterId,
    timeEntryId: null,
    expenseId: null,
    workDate: null,
    timekeeperId: null,
    timekeeperName: null,
    classification: null,
    ledesClassification: null,
    taskCode: null,
    activityCode: null,
    expenseCode: null,
    narrative: '',
    minutes: null,
    billedTenths: null,
    rateMinor: null,
    rateRuleId: null,
    rateSource: null,
    standardMinor: '0',
    adjustmentKind: null,
    adjustmentValue: null,
    adjustmentReason: null,
    amountMinor: '0',
    outsourced: false,
    vendorId: null,
    costMinor: null,
    markupBp: null,
    coveredByLineId: null,
    details: null,
    taxRateId: null,
    taxType: null,
    taxRateBp: null,
    taxMinor: '0',
  };
}

const nextPosition = (lines: InvoiceLine[]): number =>
  lines.reduce((max, line) => Math.max(max, line.position), 0) + 1;

const priced = (line: InvoiceLine) => ({ kind: line.kind, amountMinor: minorAmountFromDb(line.amountMinor) });

function lineAmount(line: InvoiceLine): number {
  if (line.coveredByLineId !== null) return 0;
  const adjustment: LineAdjustment | null =
    line.adjustmentKind === null
      ? null
      : { kind: line.adjustmentKind, value: minorAmountFromDb(line.adjustmentValue ?? '0') };
  return adjustedAmount(minorAmountFromDb(line.standardMinor), adjustment);
}

function checkedAdjustment(input: AdjustmentDto): LineAdjustment {
  switch (input.kind) {
    case 'percent-discount':
      if (input.percent === undefined)
        throw new ValidationFailedError([
          { field: 'adjustment.percent', message: 'a percent-discount needs percent' },
        ]);
      return { kind: input.kind, value: percentToBasisPoints(input.percent) };
    case 'amount-discount':
    case 'set-amount':
      if (input.amountMinor === undefined)
        throw new ValidationFailedError([
          { field: 'adjustment.amountMinor', message: `a ${input.kind} needs amountMinor` },
        ]);
      return { kind: input.kind, value: input.amountMinor };
    case 'write-off':
      return { kind: input.kind, value: 0 };
  }
}

function assertOutsourcingRule(lines: InvoiceLine[]): void {
  const problems = outsourcingProblems(
    lines.map((line) => ({
      lineId: line.id,
      kind: line.kind,
      outsourced: line.outsourced,
      amountMinor: minorAmountFromDb(line.amountMinor),
      costMinor: money(line.costMinor),
    })),
    (lineId) => lines.find((line) => line.id === lineId)?.markupBp !== null,
  );
  if (problems.length)
    throw new OutsourcingRuleError(
      problems.map((problem) => ({ field: `lines[${problem.lineId}]`, message: problem.message })),
    );
}

function totalsColumns(totals: ReturnType<typeof invoiceTotals>) {
  return {
    feesMinor: String(totals.feesMinor),
    disbursementsMinor: String(totals.disbursementsMinor),
    discountMinor: String(totals.discountMinor),
    // A draft bears no tax: it is computed when the bill is issued (InvoicesService.applyTaxes).
    taxMinor: '0',
    totalMinor: String(totals.totalMinor),
  };
}

function withTotals(invoice: Invoice, lines: InvoiceLine[]): Invoice {
  const discount =
    invoice.discountKind && invoice.discountValue !== null
      ? { kind: invoice.discountKind, value: minorAmountFromDb(invoice.discountValue) }
      : null;
  return Object.assign(invoice, totalsColumns(invoiceTotals(lines.map(priced), discount)));
}

function contingencyPercent(terms: MatterBillingTerms, stage: AddContingencyDto['stage']): number | null {
  switch (stage) {
    case 'settlement':
      return terms.contingencySettlementBp;
    case 'trial':
      return terms.contingencyTrialBp ?? terms.contingencySettlementBp;
    case 'appeal':
      return terms.contingencyAppealBp ?? terms.contingencyTrialBp ?? terms.contingencySettlementBp;
  }
}

function lineAudit(line: InvoiceLine): AuditDetails {
  return {
    narrative: line.narrative,
    adjustmentKind: line.adjustmentKind,
    adjustmentValue: line.adjustmentValue,
    adjustmentReason: line.adjustmentReason,
    amountMinor: line.amountMinor,
  };
}

function lineView(line: InvoiceLine): InvoiceLineView {
  return {
    id: line.id,
    position: line.position,
    kind: line.kind,
    matterId: line.matterId,
    timeEntryId: line.timeEntryId,
    expenseId: line.expenseId,
    date: line.workDate,
    timekeeperId: line.timekeeperId,
    timekeeperName: line.timekeeperName,
    classification: line.classification,
    ledesClassification: line.ledesClassification,
    taskCode: line.taskCode,
    activityCode: line.activityCode,
    expenseCode: line.expenseCode,
    narrative: line.narrative,
    minutes: line.minutes,
    billedTenths: line.billedTenths,
    rateMinor: money(line.rateMinor),
    rateRuleId: line.rateRuleId,
    rateSource: line.rateSource,
    standardMinor: minorAmountFromDb(line.standardMinor),
    adjustmentKind: line.adjustmentKind,
    adjustmentValue: money(line.adjustmentValue),
    adjustmentReason: line.adjustmentReason,
    amountMinor: minorAmountFromDb(line.amountMinor),
    outsourced: line.outsourced,
    vendorId: line.vendorId,
    costMinor: money(line.costMinor),
    markupBp: line.markupBp,
    coveredByLineId: line.coveredByLineId,
    details: line.details,
    tax: line.taxRateId
      ? {
          taxRateId: line.taxRateId,
          type: line.taxType ?? '',
          rateBasisPoints: line.taxRateBp ?? 0,
          amountMinor: minorAmountFromDb(line.taxMinor),
        }
      : null,
  };
}

/**
 * The tax taken off with an issued invoice's discount: what its total tax holds beyond its lines' taxes, at
 * the one tax its fee lines share (TaxesService refuses to issue a discount over fees under mixed taxes).
 */
function discountTaxOf(
  invoice: Invoice,
  lines: readonly InvoiceLine[],
  registrations: ReadonlyMap<string, string | null>,
): IssuedInvoice['discountTax'] {
  const linesTax = lines.reduce((sum, line) => sum + minorAmountFromDb(line.taxMinor), 0);
  const amountMinor = minorAmountFromDb(invoice.taxMinor) - linesTax;
  const feeTax = lines.find((line) => line.kind !== 'expense' && line.taxRateId !== null);
  if (amountMinor === 0 || !feeTax?.taxRateId) return null;
  return {
    taxRateId: feeTax.taxRateId,
    type: feeTax.taxType ?? '',
    rateBasisPoints: feeTax.taxRateBp ?? 0,
    amountMinor,
    registrationNumber: registrations.get(feeTax.taxRateId) ?? null,
  };
}

function creditNoteView(note: CreditNote): CreditNoteView {
  return {
    id: note.id,
    number: note.number,
    invoiceId: note.invoiceId,
    amountMinor: minorAmountFromDb(note.amountMinor),
    currency: note.currency,
    extent: note.extent,
    reason: note.reason,
    issuedAt: note.issuedAt.toISOString(),
  };
}

function termsView(terms: MatterBillingTerms): BillingTermsView {
  const percent = (bp: number | null): number | null => (bp === null ? null : bp / 100);
  return {
    matterId: terms.matterId,
    currency: terms.currency,
    flatFeeMinor: money(terms.flatFeeMinor),
    settlementPercent: percent(terms.contingencySettlementBp),
    trialPercent: percent(terms.contingencyTrialBp),
    appealPercent: percent(terms.contingencyAppealBp),
    expensesDeducted: terms.expensesDeducted,
    vendorMarkupPercent: percent(terms.vendorMarkupBp),
    vendorMarkupDisclosure: terms.vendorMarkupDisclosure,
    paymentTermsDays: terms.paymentTermsDays,
    updatedAt: terms.updatedAt.toISOString(),
  };
}
