import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DEFAULT_PAYMENT_TERMS_DAYS, InvoicesService } from '../invoices/invoices.service';
import { PaymentsService } from '../payments/payments.service';
import { addDays, ageReceivables } from './aging.rules';
import type { AgingGrouping, AgingReportView, AgingRowView } from './dto/aging.dto';

/**
 * Receivables aging on a given date: each issued invoice's amount still open on that day (total less
 * credit notes and payments dated up to it) in the bucket of its days past due, summed per firm, client or
 * matter and currency.
 */
@Injectable()
export class ReceivablesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
  ) {}

  async aging(
    actor: Actor,
    asOf: string,
    groupBy: AgingGrouping,
    clientId?: string,
  ): Promise<AgingReportView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoices = await this.invoices.issuedBalances(manager, { clientId, issuedOnOrBefore: asOf });
      const ids = invoices.map((invoice) => invoice.invoiceId);
      const paid = await this.payments.paidAsOf(manager, ids, asOf);
      // A write-off takes its balance out of receivables from the day it is dated.
      const writtenOff = await this.payments.writtenOffAsOf(manager, ids, asOf);
      const keyOf = (invoice: (typeof invoices)[number]): string =>
        groupBy === 'firm' ? '' : groupBy === 'client' ? invoice.clientId : (invoice.matterId ?? '');
      const aged = ageReceivables(
        invoices.map((invoice) => ({
          key: keyOf(invoice),
          currency: invoice.currency,
          dueDate:
            invoice.dueDate ??
            addDays(invoice.issuedAt.toISOString().slice(0, 10), DEFAULT_PAYMENT_TERMS_DAYS),
          openMinor:
            invoice.totalMinor -
            invoice.creditedMinor -
            (paid.get(invoice.invoiceId) ?? 0) -
            (writtenOff.get(invoice.invoiceId) ?? 0),
        })),
        asOf,
      );
      return {
        asOf,
        groupBy,
        rows: aged.map(({ key, currency, totals }): AgingRowView => ({
          clientId: groupBy === 'client' ? key : null,
          matterId: groupBy === 'matter' && key ? key : null,
          currency,
          currentMinor: totals.current,
          days1To30Minor: totals.days1To30,
          days31To60Minor: totals.days31To60,
          days61To90Minor: totals.days61To90,
          over90Minor: totals.over90,
          totalMinor: totals.totalMinor,
          invoiceCount: totals.invoiceCount,
        })),
      };
    });
  }

  /** The same report as CSV (amounts in minor units, one row per group, with a header row). */
  async agingCsv(actor: Actor, asOf: string, groupBy: AgingGrouping, clientId?: string): Promise<string> {
    const report = await this.aging(actor, asOf, groupBy, clientId);
    return stringify(
      report.rows.map((row) => [
        report.asOf,
        row.clientId ?? '',
        row.matterId ?? '',
        row.currency,
        row.currentMinor,
        row.days1To30Minor,
        row.days31To60Minor,
        row.days61To90Minor,
        row.over90Minor,
        row.totalMinor,
        row.invoiceCount,
      ]),
      {
        header: true,
        columns: [
          'as_of',
          'client_id',
          'matter_id',
          'currency',
          'current_minor',
          'days_1_30_minor',
          'days_31_60_minor',
          'days_61_90_minor',
          'over_90_minor',
          'total_minor',
          'invoice_count',
        ],
      },
    );
  }
}
