import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { PaymentAllocation } from './payment-allocation.entity';
import { Payment } from './payment.entity';

@Injectable()
export class PaymentsRepository {
  /** Serialises every money movement of one client, so credit is never drawn twice. */
  async lockClient(manager: EntityManager, firmId: string, clientId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `payments|${firmId}|${clientId}`,
    ]);
  }

  async insert(manager: EntityManager, entry: Payment, allocations: PaymentAllocation[]): Promise<void> {
    await manager.insert(Payment, entry);
    if (allocations.length) await manager.insert(PaymentAllocation, allocations);
  }

  find(manager: EntityManager, id: string): Promise<Payment | null> {
    return manager.getRepository(Payment).findOne({ where: { id } });
  }

  reversalOf(manager: EntityManager, paymentId: string): Promise<Payment | null> {
    return manager.getRepository(Payment).findOne({ where: { reversesPaymentId: paymentId } });
  }

  /** Allocations made by one entry (what it did), in the order written. */
  byEntry(manager: EntityManager, entryId: string): Promise<PaymentAllocation[]> {
    return manager
      .getRepository(PaymentAllocation)
      .createQueryBuilder('allocation')
      .where('allocation.entry_id = :entryId', { entryId })
      .orderBy('allocation.created_at')
      .addOrderBy('allocation.id')
      .getMany();
  }

  /** Allocations made by several entries (for a page of the list), in one query. */
  byEntries(manager: EntityManager, entryIds: readonly string[]): Promise<PaymentAllocation[]> {
    if (!entryIds.length) return Promise.resolve([]);
    return manager
      .getRepository(PaymentAllocation)
      .createQueryBuilder('allocation')
      .where('allocation.entry_id IN (:...entryIds)', { entryIds: [...entryIds] })
      .orderBy('allocation.created_at')
      .addOrderBy('allocation.id')
      .getMany();
  }

  /** Every movement of one payment's money, whichever entry made it. */
  ofPayment(manager: EntityManager, paymentId: string): Promise<PaymentAllocation[]> {
    return manager
      .getRepository(PaymentAllocation)
      .createQueryBuilder('allocation')
      .where('allocation.payment_id = :paymentId', { paymentId })
      .getMany();
  }

  /**
   * Net money paid per invoice (write-offs are not money received); with `asOf`, only entries dated on or
   * before it.
   */
  paidPerInvoice(
    manager: EntityManager,
    invoiceIds: readonly string[],
    asOf?: string,
  ): Promise<Map<string, number>> {
    return this.allocatedPerInvoice(manager, invoiceIds, 'money', asOf);
  }

  /** What write-offs took off each invoice; with `asOf`, only those dated on or before it. */
  writtenOffPerInvoice(
    manager: EntityManager,
    invoiceIds: readonly string[],
    asOf?: string,
  ): Promise<Map<string, number>> {
    return this.allocatedPerInvoice(manager, invoiceIds, 'write-off', asOf);
  }

  /** Money (not write-offs) allocated to each invoice per entry date, reversals netted in. */
  async receivedPerDay(
    manager: EntityManager,
    invoiceIds: readonly string[],
  ): Promise<Map<string, Array<{ on: string; amountMinor: number }>>> {
    const received = new Map<string, Array<{ on: string; amountMinor: number }>>();
    if (!invoiceIds.length) return received;
    const rows = await manager
      .getRepository(PaymentAllocation)
      .createQueryBuilder('allocation')
      .select('allocation.invoice_id', 'invoiceId')
      .addSelect("to_char(entry.entry_date, 'YYYY-MM-DD')", 'on')
      .addSelect('SUM(allocation.amount_minor)', 'amountMinor')
      .innerJoin(
        Payment,
        'entry',
        "entry.firm_id = allocation.firm_id AND entry.id = allocation.entry_id AND entry.kind <> 'write-off'",
      )
      .where('allocation.invoice_id IN (:...invoiceIds)', { invoiceIds: [...invoiceIds] })
      .groupBy('allocation.invoice_id')
      .addGroupBy('entry.entry_date')
      .orderBy('entry.entry_date')
      .getRawMany<{ invoiceId: string; on: string; amountMinor: string }>();
    for (const row of rows) {
      const list = received.get(row.invoiceId) ?? [];
      list.push({ on: row.on, amountMinor: Number(row.amountMinor) });
      received.set(row.invoiceId, list);
    }
    return received;
  }

  private async allocatedPerInvoice(
    manager: EntityManager,
    invoiceIds: readonly string[],
    kinds: 'money' | 'write-off',
    asOf?: string,
  ): Promise<Map<string, number>> {
    if (!invoiceIds.length) return new Map();
    const query = manager
      .getRepository(PaymentAllocation)
      .createQueryBuilder('allocation')
      .select('allocation.invoice_id', 'invoiceId')
      .addSelect('SUM(allocation.amount_minor)', 'amountMinor')
      .innerJoin(
        Payment,
        'entry',
        `entry.firm_id = allocation.firm_id AND entry.id = allocation.entry_id AND entry.kind ${
          kinds === 'money' ? '<>' : '='
        } 'write-off'`,
      )
      .where('allocation.invoice_id IN (:...invoiceIds)', { invoiceIds: [...invoiceIds] })
      .groupBy('allocation.invoice_id');
    if (asOf) query.andWhere('entry.entry_date <= :asOf', { asOf });
    const rows = await query.getRawMany<{ invoiceId: string; amountMinor: string }>();
    return new Map(rows.map((row) => [row.invoiceId, Number(row.amountMinor)]));
  }

  /** Allocations on one invoice with the entries that made them, oldest first. */
  onInvoice(
    manager: EntityManager,
    invoiceId: string,
  ): Promise<Array<{ allocation: PaymentAllocation; entry: Payment }>> {
    return manager
      .getRepository(PaymentAllocation)
      .createQueryBuilder('allocation')
      .innerJoinAndMapOne(
        'allocation.entry',
        Payment,
        'entry',
        'entry.firm_id = allocation.firm_id AND entry.id = allocation.entry_id',
      )
      .where('allocation.invoice_id = :invoiceId', { invoiceId })
      .orderBy('allocation.created_at')
      .addOrderBy('allocation.id')
      .getMany()
      .then((rows) =>
        rows.map((row) => ({
          allocation: row,
          entry: (row as PaymentAllocation & { entry: Payment }).entry,
        })),
      );
  }

  /**
   * The client's credit: payments in the currency, not reversed, with money no invoice or refund took,
   * oldest first (the order credit is drawn in).
   */
  async creditSources(
    manager: EntityManager,
    clientId: string,
    currency: string,
  ): Promise<Array<{ paymentId: string; availableMinor: number }>> {
    const rows = await manager
      .getRepository(Payment)
      .createQueryBuilder('payment')
      .select('payment.id', 'paymentId')
      .addSelect(
        'payment.amount_minor - COALESCE((SELECT SUM(allocation.amount_minor) FROM payment_allocations allocation WHERE allocation.firm_id = payment.firm_id AND allocation.payment_id = payment.id), 0)',
        'availableMinor',
      )
      .where("payment.kind = 'payment'")
      .andWhere('payment.client_id = :clientId', { clientId })
      .andWhere('payment.currency = :currency', { currency })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM payments reversal WHERE reversal.firm_id = payment.firm_id AND reversal.reverses_payment_id = payment.id)',
      )
      .orderBy('payment.entry_date')
      .addOrderBy('payment.recorded_at')
      .addOrderBy('payment.id')
      .getRawMany<{ paymentId: string; availableMinor: string }>();
    return rows
      .map((row) => ({ paymentId: row.paymentId, availableMinor: Number(row.availableMinor) }))
      .filter((row) => row.availableMinor > 0);
  }

  /** A client's entries, newest first, for the list. */
  list(
    manager: EntityManager,
    clientId: string | undefined,
    limit: number,
    after?: CursorPosition,
  ): Promise<Payment[]> {
    const query = manager
      .getRepository(Payment)
      .createQueryBuilder('payment')
      .orderBy('payment.recorded_at', 'DESC')
      .addOrderBy('payment.id', 'DESC')
      .limit(limit + 1);
    if (clientId) query.andWhere('payment.client_id = :clientId', { clientId });
    if (after)
      query.andWhere(
        "(date_trunc('milliseconds', payment.recorded_at), payment.id) < (:sortKey::timestamptz, :id::uuid)",
        after,
      );
    return query.getMany();
  }
}
