import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { PaymentRecordedV1, PaymentReversedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { ClientsService } from '../clients/clients.service';
import { InvoicesService, type CreditNoteView, type IssuedBalance } from '../invoices/invoices.service';
import type { ApplyCreditDto, RecordPaymentDto, RefundCreditDto, ReversePaymentDto } from './dto/payment.dto';
import type { ClientCreditView, InvoiceAccountView, PaymentView } from './dto/payment.view';
import { decideCreditNote, releaseFromPayments, type HeldPayment } from './credit-note.rules';
import type { PaymentAllocation } from './payment-allocation.entity';
import type { Payment, PaymentKind } from './payment.entity';
import {
  CreditExceedsOpenError,
  NothingToApplyError,
  PaymentAlreadyReversedError,
  PaymentCreditRefundedError,
  PaymentNotReversibleError,
  RefundExceedsCreditError,
} from './payment.exception';
import { allocate, drawCredit, heldPerInvoice, paymentStatus, type OpenInvoice } from './payment.rules';
import { PaymentsRepository } from './payments.repository';

/** The method of a payment a trust transfer recorded: only reversing the transfer undoes it. */
export const TRUST_TRANSFER_METHOD = 'trust';

/** What recording a trust transfer's payment came to; the trust feature turns a refusal into its own error. */
export type TrustTransferPayment =
  | { outcome: 'recorded'; paymentId: string; openAfterMinor: number }
  | { outcome: 'invoice-not-found' }
  | { outcome: 'other-client' }
  | { outcome: 'other-currency'; currency: string }
  | { outcome: 'exceeds-open'; openMinor: number };

/** Where an issued invoice stands, for collections: what is owed, paid, written off and open. */
export interface InvoiceStanding {
  invoiceId: string;
  number: string;
  clientId: string;
  currency: string;
  dueDate: string | null;
  issuedOn: string;
  matterId: string | null;
  totalMinor: number;
  creditedMinor: number;
  paidMinor: number;
  writtenOffMinor: number;
  openMinor: number;
}

/**
 * Payments against a client's issued invoices, the client's credit (overpayments), its application and
 * refund, and reversal of a bounced payment. Every movement is an insert-only ledger entry with its
 * allocations; an invoice's paid and open amounts are derived from them.
 */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsRepository,
    private readonly invoices: InvoicesService,
    private readonly clients: ClientsService,
  ) {}

  async record(actor: Actor, input: RecordPaymentDto): Promise<PaymentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.payments.lockClient(manager, actor.firmId, input.clientId);
      const invoices = await this.invoices.issuedBalances(manager, { clientId: input.clientId }, true);
      await this.requireClient(manager, input.clientId, invoices);
      const open = await this.openInvoices(manager, invoices, input.currency);
      const outcome = allocate(input.amountMinor, open, input.allocations);
      if (outcome.problems.length) throw new ValidationFailedError(outcome.problems);
      const entry = this.entry(actor, {
        kind: 'payment',
        clientId: input.clientId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        entryDate: input.receivedOn,
        method: input.method,
        reference: input.reference ?? null,
        payer: input.payer,
      });
      const allocations = outcome.allocations.map((allocation) =>
        this.allocation(entry, entry.id, allocation.invoiceId, allocation.amountMinor),
      );
      await this.payments.insert(manager, entry, allocations);
      await this.recordMovement(
        manager,
        actor,
        entry,
        allocations,
        outcome.unallocatedMinor,
        'payment.recorded',
      );
      return this.view(entry, allocations, null);
    });
  }

  /** Applies the client's credit in a currency to open invoices (oldest first, or the named ones). */
  async applyCredit(actor: Actor, clientId: string, input: ApplyCreditDto): Promise<PaymentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.payments.lockClient(manager, actor.firmId, clientId);
      const invoices = await this.invoices.issuedBalances(manager, { clientId }, true);
      await this.requireClient(manager, clientId, invoices);
      const sources = await this.payments.creditSources(manager, clientId, input.currency);
      const availableMinor = sources.reduce((sum, source) => sum + source.availableMinor, 0);
      const open = await this.openInvoices(manager, invoices, input.currency);
      const owed = input.invoiceIds
        ? open.filter((invoice) => input.invoiceIds?.includes(invoice.invoiceId))
        : open;
      const outcome = allocate(
        Math.min(
          availableMinor,
          owed.reduce((sum, invoice) => sum + invoice.openMinor, 0),
        ),
        open,
        input.invoiceIds?.map((invoiceId) => ({ invoiceId })),
      );
      if (outcome.problems.length)
        throw new ValidationFailedError(
          outcome.problems.map((problem) => ({
            field: problem.field.replace(/^allocations\[(\d+)\]\.invoiceId$/, 'invoiceIds[$1]'),
            message: problem.message,
          })),
        );
      const appliedMinor = outcome.allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0);
      if (appliedMinor === 0) throw new NothingToApplyError(availableMinor);
      const entry = this.entry(actor, {
        kind: 'credit-application',
        clientId,
        amountMinor: appliedMinor,
        currency: input.currency,
        entryDate: new Date().toISOString().slice(0, 10),
      });
      const allocations = drawCredit(sources, outcome.allocations).map((draw) =>
        this.allocation(entry, draw.paymentId, draw.invoiceId, draw.amountMinor),
      );
      await this.payments.insert(manager, entry, allocations);
      await this.recordMovement(manager, actor, entry, allocations, -appliedMinor, 'payment.credit-applied');
      return this.view(entry, allocations, null);
    });
  }

  /**
   * A credit note on an issued invoice, never beyond what is open on it unless `excessToClientCredit`
   * says to credit paid money too: that part comes off the invoice's payments (latest first) as a
   * `credit-release` entry and becomes the client's credit (rules in `credit-note.rules.ts`). `amountMinor`
   * absent: everything that may be credited (a void asks for everything not yet credited). Holds the
   * client's lock, as every money movement does, so concurrent credit notes and payments take turns.
   */
  async creditInvoice(
    actor: Actor,
    invoiceId: string,
    input: { amountMinor?: number; reason: string; excessToClientCredit?: boolean; void?: boolean },
  ): Promise<CreditNoteView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const clientId = await this.invoices.clientOfIssuedInvoice(manager, invoiceId);
      await this.payments.lockClient(manager, actor.firmId, clientId);
      const onInvoice = await this.payments.onInvoice(manager, invoiceId);
      const held = new Map<string, number>();
      let writtenOffMinor = 0;
      for (const { allocation, entry } of onInvoice)
        if (entry.kind === 'write-off') writtenOffMinor += minorAmountFromDb(allocation.amountMinor);
        else
          held.set(
            allocation.paymentId,
            (held.get(allocation.paymentId) ?? 0) + minorAmountFromDb(allocation.amountMinor),
          );
      const heldPayments: HeldPayment[] = [...held].map(([paymentId, heldMinor]) => ({
        paymentId,
        heldMinor,
      }));
      const paidMinor = heldPayments.reduce((sum, payment) => sum + payment.heldMinor, 0);
      let releasedMinor = 0;
      const note = await this.invoices.creditInTransaction(
        manager,
        actor,
        invoiceId,
        input.reason,
        (invoice) => {
          const requested = input.void ? invoice.totalMinor - invoice.creditedMinor : input.amountMinor;
          // What was written off is no longer owed nor paid: it can be neither credited nor released.
          const decision = decideCreditNote(
            { ...invoice, creditedMinor: invoice.creditedMinor + writtenOffMinor, paidMinor },
            requested,
            input.excessToClientCredit ?? false,
          );
          if (decision.outcome === 'exceeds-open')
            throw new CreditExceedsOpenError(decision.openMinor, decision.creditableMinor);
          releasedMinor = decision.releasedMinor;
          return decision.amountMinor;
        },
      );
      if (releasedMinor > 0) {
        const entry = this.entry(actor, {
          kind: 'credit-release',
          clientId,
          amountMinor: releasedMinor,
          currency: note.currency,
          entryDate: note.issuedAt.slice(0, 10),
          reason: `Credit note ${note.number}: ${input.reason}`,
        });
        const allocations = releaseFromPayments(heldPayments, releasedMinor).map((draw) =>
          this.allocation(entry, draw.paymentId, invoiceId, -draw.amountMinor),
        );
        await this.payments.insert(manager, entry, allocations);
        await this.recordMovement(
          manager,
          actor,
          entry,
          allocations,
          releasedMinor,
          'payment.credit-released',
        );
      }
      return note;
    });
  }

  /** Pays part or all of the client's credit back to it. */
  async refund(actor: Actor, clientId: string, input: RefundCreditDto): Promise<PaymentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.payments.lockClient(manager, actor.firmId, clientId);
      await this.requireClient(manager, clientId, await this.invoices.issuedBalances(manager, { clientId }));
      const sources = await this.payments.creditSources(manager, clientId, input.currency);
      const availableMinor = sources.reduce((sum, source) => sum + source.availableMinor, 0);
      if (input.amountMinor > availableMinor) throw new RefundExceedsCreditError(availableMinor);
      const entry = this.entry(actor, {
        kind: 'refund',
        clientId,
        amountMinor: input.amountMinor,
        currency: input.currency,
        entryDate: input.refundedOn,
        method: input.method,
        reference: input.reference ?? null,
      });
      const allocations = drawCredit(sources, [{ invoiceId: null, amountMinor: input.amountMinor }]).map(
        (draw) => this.allocation(entry, draw.paymentId, null, draw.amountMinor),
      );
      await this.payments.insert(manager, entry, allocations);
      await this.recordMovement(manager, actor, entry, allocations, -input.amountMinor, 'payment.refunded');
      return this.view(entry, allocations, null);
    });
  }

  /**
   * A bounced payment: a reversing entry pointing at it takes back what it paid on each invoice (those
   * invoices are owed again) and what it left as credit. Refused once part of it was refunded.
   */
  async reverse(actor: Actor, paymentId: string, input: ReversePaymentDto): Promise<PaymentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const found = await this.payments.find(manager, paymentId);
      if (!found) throw new NotFoundError('payment', paymentId);
      await this.payments.lockClient(manager, actor.firmId, found.clientId);
      if (found.kind !== 'payment') throw new PaymentNotReversibleError(found.kind);
      // Trust money paid this invoice: it is undone by reversing the trust transfer, which also puts it back.
      if (found.method === TRUST_TRANSFER_METHOD) throw new PaymentNotReversibleError('trust transfer');
      const earlier = await this.payments.reversalOf(manager, paymentId);
      if (earlier) throw new PaymentAlreadyReversedError(earlier.id);
      const moved = (await this.payments.ofPayment(manager, paymentId)).map((allocation) => ({
        invoiceId: allocation.invoiceId,
        amountMinor: minorAmountFromDb(allocation.amountMinor),
      }));
      const refundedMinor = moved
        .filter((allocation) => allocation.invoiceId === null)
        .reduce((sum, allocation) => sum + allocation.amountMinor, 0);
      if (refundedMinor > 0) throw new PaymentCreditRefundedError(refundedMinor);
      const held = heldPerInvoice(moved);
      // Lock the invoices it paid, as a payment or a credit note on them would.
      if (held.length)
        await this.invoices.issuedBalances(manager, { invoiceIds: held.map((item) => item.invoiceId) }, true);
      const entry = this.entry(actor, {
        kind: 'reversal',
        clientId: found.clientId,
        amountMinor: minorAmountFromDb(found.amountMinor),
        currency: found.currency,
        entryDate: input.reversedOn,
        reversesPaymentId: paymentId,
        reason: input.reason,
      });
      const allocations = held.map((item) =>
        this.allocation(entry, paymentId, item.invoiceId, -item.amountMinor),
      );
      await this.payments.insert(manager, entry, allocations);
      const undone = allocations.map((allocation) => ({
        invoiceId: allocation.invoiceId ?? '',
        amountMinor: minorAmountFromDb(allocation.amountMinor),
      }));
      await recordChange(manager, actor, {
        action: 'payment.reversed',
        resourceType: 'payment',
        resourceId: paymentId,
        details: {
          reversalId: entry.id,
          reason: input.reason,
          reversedOn: input.reversedOn,
          allocations: undone,
        },
        events: [
          {
            type: PaymentReversedV1.type,
            aggregateId: found.clientId,
            data: {
              reversalId: entry.id,
              paymentId,
              clientId: found.clientId,
              amountMinor: minorAmountFromDb(found.amountMinor),
              currency: found.currency,
              entryDate: input.reversedOn,
              reason: input.reason,
              allocations: undone,
              recordedAt: entry.recordedAt.toISOString(),
            },
          },
        ],
      });
      return this.view(entry, allocations, null);
    });
  }

  async get(actor: Actor, id: string): Promise<PaymentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const entry = await this.payments.find(manager, id);
      if (!entry) throw new NotFoundError('payment', id);
      const reversal = entry.kind === 'payment' ? await this.payments.reversalOf(manager, id) : null;
      return this.view(entry, await this.payments.byEntry(manager, id), reversal?.id ?? null);
    });
  }

  async list(
    actor: Actor,
    clientId: string | undefined,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<PaymentView>> {
    const after = decodeCursor(cursor, 'timestamp');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.payments.list(manager, clientId, limit, after);
      const byId = new Map<string, PaymentAllocation[]>();
      const allocations = await this.payments.byEntries(
        manager,
        rows.slice(0, limit).map((row) => row.id),
      );
      for (const allocation of allocations)
        byId.set(allocation.entryId, [...(byId.get(allocation.entryId) ?? []), allocation]);
      return toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.recordedAt.toISOString(), id: row.id }),
        (row) => this.view(row, byId.get(row.id) ?? [], null),
      );
    });
  }

  async credit(actor: Actor, clientId: string, currency: string): Promise<ClientCreditView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId, await this.invoices.issuedBalances(manager, { clientId }));
      const sources = await this.payments.creditSources(manager, clientId, currency);
      return {
        clientId,
        currency,
        availableMinor: sources.reduce((sum, source) => sum + source.availableMinor, 0),
      };
    });
  }

  /** An issued invoice's standing: total, credited, paid, open and the derived status. */
  async invoiceAccount(actor: Actor, invoiceId: string): Promise<InvoiceAccountView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const [invoice] = await this.invoices.issuedBalances(manager, { invoiceIds: [invoiceId] });
      if (!invoice) throw new NotFoundError('invoice', invoiceId);
      const rows = await this.payments.onInvoice(manager, invoiceId);
      const sum = (kind: 'money' | 'write-off'): number =>
        rows
          .filter((row) => (row.entry.kind === 'write-off') === (kind === 'write-off'))
          .reduce((total, row) => total + minorAmountFromDb(row.allocation.amountMinor), 0);
      const paidMinor = sum('money');
      const writtenOffMinor = sum('write-off');
      return {
        invoiceId,
        number: invoice.number,
        clientId: invoice.clientId,
        currency: invoice.currency,
        status: paymentStatus(invoice.totalMinor, invoice.creditedMinor, paidMinor, writtenOffMinor),
        dueDate: invoice.dueDate,
        totalMinor: invoice.totalMinor,
        creditedMinor: invoice.creditedMinor,
        paidMinor,
        writtenOffMinor,
        openMinor: invoice.totalMinor - invoice.creditedMinor - paidMinor - writtenOffMinor,
        payments: rows.map(({ allocation, entry }) => ({
          entryId: entry.id,
          kind: entry.kind,
          paymentId: allocation.paymentId,
          amountMinor: minorAmountFromDb(allocation.amountMinor),
          entryDate: entry.entryDate,
        })),
      };
    });
  }

  /**
   * What a printed invoice shows of the client's account: its due date, what the client still owed on its
   * earlier invoices in the currency (previous balance) and the payments received on this one.
   */
  async invoiceStatement(
    actor: Pick<Actor, 'firmId'>,
    invoiceId: string,
  ): Promise<{ dueDate: string | null; previousBalanceMinor: number; paymentsReceivedMinor: number }> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const [invoice] = await this.invoices.issuedBalances(manager, { invoiceIds: [invoiceId] });
      if (!invoice) throw new NotFoundError('invoice', invoiceId);
      const earlier = (await this.invoices.issuedBalances(manager, { clientId: invoice.clientId })).filter(
        (other) =>
          other.currency === invoice.currency &&
          other.invoiceId !== invoice.invoiceId &&
          other.issuedAt.getTime() < invoice.issuedAt.getTime(),
      );
      const ids = [invoice.invoiceId, ...earlier.map((other) => other.invoiceId)];
      const paid = await this.payments.paidPerInvoice(manager, ids);
      const writtenOff = await this.payments.writtenOffPerInvoice(manager, ids);
      const previousBalanceMinor = earlier.reduce(
        (sum, other) =>
          sum +
          Math.max(
            0,
            other.totalMinor -
              other.creditedMinor -
              (paid.get(other.invoiceId) ?? 0) -
              (writtenOff.get(other.invoiceId) ?? 0),
          ),
        0,
      );
      return {
        dueDate: invoice.dueDate,
        previousBalanceMinor,
        paymentsReceivedMinor: paid.get(invoice.invoiceId) ?? 0,
      };
    });
  }

  /** Net paid per invoice by entries dated on or before `asOf`, in the caller's transaction (for aging). */
  paidAsOf(
    manager: EntityManager,
    invoiceIds: readonly string[],
    asOf: string,
  ): Promise<Map<string, number>> {
    return this.payments.paidPerInvoice(manager, invoiceIds, asOf);
  }

  /** Money received on each invoice per entry date (reversals negative), in the caller's transaction (for late charges). */
  receivedPerDay(
    manager: EntityManager,
    invoiceIds: readonly string[],
  ): Promise<Map<string, Array<{ on: string; amountMinor: number }>>> {
    return this.payments.receivedPerDay(manager, invoiceIds);
  }

  /** What write-offs dated on or before `asOf` took off each invoice, in the caller's transaction (for aging). */
  writtenOffAsOf(
    manager: EntityManager,
    invoiceIds: readonly string[],
    asOf: string,
  ): Promise<Map<string, number>> {
    return this.payments.writtenOffPerInvoice(manager, invoiceIds, asOf);
  }

  /**
   * For collections, in the caller's transaction: where an issued invoice stands. With `lock`, first takes
   * the client's lock and the invoice row (as every money movement does), held until the caller commits.
   * A draft is 409, another firm's or an unknown invoice 404.
   */
  async invoiceStanding(
    manager: EntityManager,
    actor: Pick<Actor, 'firmId'>,
    invoiceId: string,
    lock: boolean,
  ): Promise<InvoiceStanding> {
    const clientId = await this.invoices.clientOfIssuedInvoice(manager, invoiceId);
    if (lock) await this.payments.lockClient(manager, actor.firmId, clientId);
    const [invoice] = await this.invoices.issuedBalances(manager, { invoiceIds: [invoiceId] }, lock);
    if (!invoice) throw new NotFoundError('invoice', invoiceId);
    const paidMinor = (await this.payments.paidPerInvoice(manager, [invoiceId])).get(invoiceId) ?? 0;
    const writtenOffMinor =
      (await this.payments.writtenOffPerInvoice(manager, [invoiceId])).get(invoiceId) ?? 0;
    return {
      invoiceId,
      number: invoice.number,
      clientId,
      currency: invoice.currency,
      dueDate: invoice.dueDate,
      issuedOn: invoice.issuedAt.toISOString().slice(0, 10),
      matterId: invoice.matterId,
      totalMinor: invoice.totalMinor,
      creditedMinor: invoice.creditedMinor,
      paidMinor,
      writtenOffMinor,
      openMinor: invoice.totalMinor - invoice.creditedMinor - paidMinor - writtenOffMinor,
    };
  }

  /**
   * For reminders, in the caller's transaction: the firm's issued invoices issued on or before `asOf`
   * with money open on them now, oldest first.
   */
  async openStandings(manager: EntityManager, asOf: string): Promise<InvoiceStanding[]> {
    const invoices = await this.invoices.issuedBalances(manager, { issuedOnOrBefore: asOf });
    const ids = invoices.map((invoice) => invoice.invoiceId);
    const paid = await this.payments.paidPerInvoice(manager, ids);
    const writtenOff = await this.payments.writtenOffPerInvoice(manager, ids);
    return invoices
      .map((invoice) => {
        const paidMinor = paid.get(invoice.invoiceId) ?? 0;
        const writtenOffMinor = writtenOff.get(invoice.invoiceId) ?? 0;
        return {
          invoiceId: invoice.invoiceId,
          number: invoice.number,
          clientId: invoice.clientId,
          currency: invoice.currency,
          dueDate: invoice.dueDate,
          totalMinor: invoice.totalMinor,
          creditedMinor: invoice.creditedMinor,
          paidMinor,
          writtenOffMinor,
          openMinor: invoice.totalMinor - invoice.creditedMinor - paidMinor - writtenOffMinor,
          issuedOn: invoice.issuedAt.toISOString().slice(0, 10),
          matterId: invoice.matterId,
        };
      })
      .filter((standing) => standing.openMinor > 0);
  }

  /**
   * Writes off what is open on an invoice as uncollectable: a `write-off` ledger entry whose allocation
   * lowers the open amount (and so aging) without counting as money received. The caller holds the
   * client's lock (`invoiceStanding` with `lock`) and records the change with its events.
   */
  async writeOffOpenBalance(
    manager: EntityManager,
    actor: Actor,
    standing: InvoiceStanding,
    writtenOffOn: string,
    reason: string,
  ): Promise<{ entryId: string; amountMinor: number }> {
    const entry = this.entry(actor, {
      kind: 'write-off',
      clientId: standing.clientId,
      amountMinor: standing.openMinor,
      currency: standing.currency,
      entryDate: writtenOffOn,
      reason,
    });
    await this.payments.insert(manager, entry, [
      this.allocation(entry, entry.id, standing.invoiceId, standing.openMinor),
    ]);
    return { entryId: entry.id, amountMinor: standing.openMinor };
  }

  /**
   * A transfer from a client's trust ledger paying one of its issued invoices, inside the trust
   * transfer's transaction: a `payment` entry (method `trust`) allocated to that invoice only, never more
   * than is open on it. Holds the client's lock and the invoice's row lock like every payment.
   */
  async recordTrustTransfer(
    manager: EntityManager,
    actor: Actor,
    input: {
      clientId: string;
      invoiceId: string;
      amountMinor: number;
      currency: string;
      transferredOn: string;
      reference: string | null;
    },
  ): Promise<TrustTransferPayment> {
    await this.payments.lockClient(manager, actor.firmId, input.clientId);
    const [invoice] = await this.invoices.issuedBalances(manager, { invoiceIds: [input.invoiceId] }, true);
    if (!invoice) return { outcome: 'invoice-not-found' };
    if (invoice.clientId !== input.clientId) return { outcome: 'other-client' };
    if (invoice.currency !== input.currency) return { outcome: 'other-currency', currency: invoice.currency };
    const [open] = await this.openInvoices(manager, [invoice], input.currency);
    const openMinor = open?.openMinor ?? 0;
    if (input.amountMinor > openMinor) return { outcome: 'exceeds-open', openMinor };
    const entry = this.entry(actor, {
      kind: 'payment',
      clientId: input.clientId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      entryDate: input.transferredOn,
      method: TRUST_TRANSFER_METHOD,
      reference: input.reference,
      payer: 'Client trust funds',
    });
    const allocations = [this.allocation(entry, entry.id, input.invoiceId, input.amountMinor)];
    await this.payments.insert(manager, entry, allocations);
    await this.recordMovement(manager, actor, entry, allocations, 0, 'payment.recorded');
    return { outcome: 'recorded', paymentId: entry.id, openAfterMinor: openMinor - input.amountMinor };
  }

  /**
   * Undoes the payment a trust transfer recorded, inside the reversing trust entry's transaction: the
   * invoice is owed again (a `reversal` entry pointing at the payment, as for a bounced payment).
   */
  async reverseTrustTransfer(
    manager: EntityManager,
    actor: Actor,
    paymentId: string,
    input: { reason: string; reversedOn: string },
  ): Promise<void> {
    const found = await this.payments.find(manager, paymentId);
    if (!found || found.method !== TRUST_TRANSFER_METHOD) throw new NotFoundError('payment', paymentId);
    await this.payments.lockClient(manager, actor.firmId, found.clientId);
    const earlier = await this.payments.reversalOf(manager, paymentId);
    if (earlier) throw new PaymentAlreadyReversedError(earlier.id);
    const held = heldPerInvoice(
      (await this.payments.ofPayment(manager, paymentId)).map((allocation) => ({
        invoiceId: allocation.invoiceId,
        amountMinor: minorAmountFromDb(allocation.amountMinor),
      })),
    );
    if (held.length)
      await this.invoices.issuedBalances(manager, { invoiceIds: held.map((item) => item.invoiceId) }, true);
    const entry = this.entry(actor, {
      kind: 'reversal',
      clientId: found.clientId,
      amountMinor: minorAmountFromDb(found.amountMinor),
      currency: found.currency,
      entryDate: input.reversedOn,
      reversesPaymentId: paymentId,
      reason: input.reason,
    });
    const allocations = held.map((item) =>
      this.allocation(entry, paymentId, item.invoiceId, -item.amountMinor),
    );
    await this.payments.insert(manager, entry, allocations);
    const undone = allocations.map((allocation) => ({
      invoiceId: allocation.invoiceId ?? '',
      amountMinor: minorAmountFromDb(allocation.amountMinor),
    }));
    await recordChange(manager, actor, {
      action: 'payment.reversed',
      resourceType: 'payment',
      resourceId: paymentId,
      details: {
        reversalId: entry.id,
        reason: input.reason,
        reversedOn: input.reversedOn,
        allocations: undone,
      },
      events: [
        {
          type: PaymentReversedV1.type,
          aggregateId: found.clientId,
          data: {
            reversalId: entry.id,
            paymentId,
            clientId: found.clientId,
            amountMinor: minorAmountFromDb(found.amountMinor),
            currency: found.currency,
            entryDate: input.reversedOn,
            reason: input.reason,
            allocations: undone,
            recordedAt: entry.recordedAt.toISOString(),
          },
        },
      ],
    });
  }

  // ---- internals ----

  /** A client this firm knows: one the client projection holds or one with an issued invoice. */
  private async requireClient(
    manager: EntityManager,
    clientId: string,
    invoices: readonly IssuedBalance[],
  ): Promise<void> {
    if (invoices.length) return;
    if ((await this.clients.names(manager, [clientId])).has(clientId)) return;
    throw new NotFoundError('client', clientId);
  }

  /** The client's invoices in the currency with money owed, oldest issued first. */
  private async openInvoices(
    manager: EntityManager,
    invoices: readonly IssuedBalance[],
    currency: string,
  ): Promise<OpenInvoice[]> {
    const inCurrency = invoices.filter((invoice) => invoice.currency === currency);
    const ids = inCurrency.map((invoice) => invoice.invoiceId);
    const paid = await this.payments.paidPerInvoice(manager, ids);
    const writtenOff = await this.payments.writtenOffPerInvoice(manager, ids);
    return inCurrency
      .map((invoice) => ({
        invoiceId: invoice.invoiceId,
        openMinor:
          invoice.totalMinor -
          invoice.creditedMinor -
          (paid.get(invoice.invoiceId) ?? 0) -
          (writtenOff.get(invoice.invoiceId) ?? 0),
      }))
      .filter((invoice) => invoice.openMinor > 0);
  }

  private entry(
    actor: Actor,
    fields: {
      kind: PaymentKind;
      clientId: string;
      amountMinor: number;
      currency: string;
      entryDate: string;
      method?: string | null;
      reference?: string | null;
      payer?: string | null;
      reversesPaymentId?: string | null;
      reason?: string | null;
    },
  ): Payment {
    return {
      firmId: actor.firmId,
      id: randomUUID(),
      kind: fields.kind,
      clientId: fields.clientId,
      amountMinor: String(fields.amountMinor),
      currency: fields.currency,
      entryDate: fields.entryDate,
      method: fields.method ?? null,
      reference: fields.reference ?? null,
      payer: fields.payer ?? null,
      reversesPaymentId: fields.reversesPaymentId ?? null,
      reason: fields.reason ?? null,
      recordedBy: actor.subject,
      recordedAt: new Date(),
    };
  }

  private allocation(
    entry: Payment,
    paymentId: string,
    invoiceId: string | null,
    amountMinor: number,
  ): PaymentAllocation {
    return {
      firmId: entry.firmId,
      id: randomUUID(),
      entryId: entry.id,
      paymentId,
      invoiceId,
      amountMinor: String(amountMinor),
      createdAt: entry.recordedAt,
    };
  }

  private async recordMovement(
    manager: EntityManager,
    actor: Actor,
    entry: Payment,
    allocations: PaymentAllocation[],
    creditChangeMinor: number,
    action: string,
  ): Promise<void> {
    const moved = allocations
      .filter((allocation) => allocation.invoiceId !== null)
      .map((allocation) => ({
        invoiceId: allocation.invoiceId ?? '',
        amountMinor: minorAmountFromDb(allocation.amountMinor),
      }));
    await recordChange(manager, actor, {
      action,
      resourceType: 'payment',
      resourceId: entry.id,
      details: {
        kind: entry.kind,
        clientId: entry.clientId,
        amountMinor: minorAmountFromDb(entry.amountMinor),
        currency: entry.currency,
        entryDate: entry.entryDate,
        method: entry.method,
        reference: entry.reference,
        allocations: moved,
        creditChangeMinor,
      },
      events: [
        {
          type: PaymentRecordedV1.type,
          aggregateId: entry.clientId,
          data: {
            paymentId: entry.id,
            kind: entry.kind as PaymentRecordedV1['kind'],
            clientId: entry.clientId,
            amountMinor: minorAmountFromDb(entry.amountMinor),
            currency: entry.currency,
            entryDate: entry.entryDate,
            allocations: moved,
            creditChangeMinor,
            recordedAt: entry.recordedAt.toISOString(),
          },
        },
      ],
    });
  }

  private view(entry: Payment, allocations: PaymentAllocation[], reversedBy: string | null): PaymentView {
    const views = allocations.map((allocation) => ({
      invoiceId: allocation.invoiceId,
      paymentId: allocation.paymentId,
      amountMinor: minorAmountFromDb(allocation.amountMinor),
    }));
    const amountMinor = minorAmountFromDb(entry.amountMinor);
    return {
      id: entry.id,
      kind: entry.kind,
      clientId: entry.clientId,
      amountMinor,
      currency: entry.currency,
      entryDate: entry.entryDate,
      method: entry.method,
      reference: entry.reference,
      payer: entry.payer,
      reversesPaymentId: entry.reversesPaymentId,
      reversedBy,
      reason: entry.reason,
      allocations: views,
      unallocatedMinor:
        entry.kind === 'payment' ? amountMinor - views.reduce((sum, view) => sum + view.amountMinor, 0) : 0,
      recordedAt: entry.recordedAt.toISOString(),
    };
  }
}
