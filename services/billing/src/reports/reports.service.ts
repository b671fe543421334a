import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { InvoicesService } from '../invoices/invoices.service';
import { PaymentsService } from '../payments/payments.service';
import { RatesService, type RateRuleFacts } from '../rates/rates.service';
import { WipService } from '../wip/wip.service';
import type {
  CollectionRowView,
  CollectionView,
  PeriodGrouping,
  RealizationRowView,
  RealizationView,
  UnbilledAgingGrouping,
  UnbilledAgingRowView,
  UnbilledAgingView,
  WipGrouping,
  WipReportRowView,
  WipReportView,
} from './dto/reports.dto';
import {
  collectedShare,
  ratio,
  standardValue,
  UNBILLED_BUCKETS,
  unbilledBucket,
  type UnbilledBucket,
} from './report.rules';

/**
 * The reports a billing clerk works from, read in one transaction each (row-level security keeps them to
 * the caller's firm): work in progress and its age, realization and collection rate. Arithmetic and
 * rounding in `report.rules.ts`.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly wip: WipService,
    private readonly rates: RatesService,
    private readonly invoices: InvoicesService,
    private readonly payments: PaymentsService,
  ) {}

  /** Unbilled billable work on `asOf` per matter or timekeeper: time, its standard value, and expenses. */
  async wipReport(
    actor: Actor,
    asOf: string,
    currency: string,
    groupBy: WipGrouping,
  ): Promise<WipReportView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const work = await this.wip.unbilledOn(manager, asOf, currency);
      const price = this.standardPricer(await this.rates.standardRateRules(manager, currency), currency);
      const rows = new Map<string, WipReportRowView>();
      const rowOf = (matterId: string, timekeeperId: string): WipReportRowView => {
        const key = groupBy === 'matter' ? matterId : timekeeperId;
        let row = rows.get(key);
        if (!row) {
          row = {
            matterId: groupBy === 'matter' ? matterId : null,
            timekeeperId: groupBy === 'timekeeper' ? timekeeperId : null,
            entryCount: 0,
            minutes: 0,
            billedTenths: 0,
            standardValueMinor: 0,
            unpricedMinutes: 0,
            expenseCount: 0,
            expensesMinor: 0,
            oldestWorkDate: null,
          };
          rows.set(key, row);
        }
        return row;
      };
      const older = (a: string | null, b: string): string => (a === null || b < a ? b : a);
      for (const entry of work.time) {
        const row = rowOf(entry.matterId, entry.timekeeperId);
        row.entryCount += 1;
        row.minutes += entry.minutes;
        row.billedTenths += entry.billedTenths;
        const value = price(entry.timekeeperId, entry.workDate, entry.minutes);
        if (value === null) row.unpricedMinutes += entry.minutes;
        else row.standardValueMinor += value;
        row.oldestWorkDate = older(row.oldestWorkDate, entry.workDate);
      }
      for (const expense of work.expenses) {
        const row = rowOf(expense.matterId, expense.timekeeperId);
        row.expenseCount += expense.expenseCount;
        row.expensesMinor += expense.amountMinor;
        row.oldestWorkDate = older(row.oldestWorkDate, expense.expenseDate);
      }
      return { asOf, currency, groupBy, rows: sortedRows(rows) };
    });
  }

  /** Unbilled work on `asOf` by days since it was done: time at standard value plus expenses. */
  async unbilledAging(
    actor: Actor,
    asOf: string,
    currency: string,
    groupBy: UnbilledAgingGrouping,
  ): Promise<UnbilledAgingView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const work = await this.wip.unbilledOn(manager, asOf, currency);
      const price = this.standardPricer(await this.rates.standardRateRules(manager, currency), currency);
      const rows = new Map<string, UnbilledAgingRowView>();
      const bucketField: Record<UnbilledBucket, keyof UnbilledAgingRowView> = {
        days0To30: 'days0To30Minor',
        days31To60: 'days31To60Minor',
        days61To90: 'days61To90Minor',
        days91To180: 'days91To180Minor',
        over180: 'over180Minor',
      };
      const add = (
        matterId: string,
        timekeeperId: string,
        date: string,
        amountMinor: number,
      ): UnbilledAgingRowView => {
        const key = groupBy === 'firm' ? '' : groupBy === 'matter' ? matterId : timekeeperId;
        let row = rows.get(key);
        if (!row) {
          row = {
            matterId: groupBy === 'matter' ? matterId : null,
            timekeeperId: groupBy === 'timekeeper' ? timekeeperId : null,
            days0To30Minor: 0,
            days31To60Minor: 0,
            days61To90Minor: 0,
            days91To180Minor: 0,
            over180Minor: 0,
            totalMinor: 0,
            minutes: 0,
            unpricedMinutes: 0,
          };
          rows.set(key, row);
        }
        (row[bucketField[unbilledBucket(date, asOf)]] as number) += amountMinor;
        row.totalMinor += amountMinor;
        return row;
      };
      for (const entry of work.time) {
        const value = price(entry.timekeeperId, entry.workDate, entry.minutes);
        const row = add(entry.matterId, entry.timekeeperId, entry.workDate, value ?? 0);
        row.minutes += entry.minutes;
        if (value === null) row.unpricedMinutes += entry.minutes;
      }
      for (const expense of work.expenses)
        add(expense.matterId, expense.timekeeperId, expense.expenseDate, expense.amountMinor);
      return { asOf, currency, groupBy, rows: sortedRows(rows) };
    });
  }

  /** Billed ÷ standard value of the time on invoices issued in the period, per timekeeper or client. */
  async realization(
    actor: Actor,
    period: { from: string; to: string; currency: string },
    groupBy: PeriodGrouping,
  ): Promise<RealizationView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const lines = await this.invoices.issuedTimeLines(manager, period);
      const price = this.standardPricer(
        await this.rates.standardRateRules(manager, period.currency),
        period.currency,
      );
      const rows = new Map<string, RealizationRowView>();
      for (const line of lines) {
        const key = groupBy === 'timekeeper' ? line.timekeeperId : line.clientId;
        let row = rows.get(key);
        if (!row) {
          row = {
            timekeeperId: groupBy === 'timekeeper' ? line.timekeeperId : null,
            clientId: groupBy === 'client' ? line.clientId : null,
            billedMinor: 0,
            standardValueMinor: 0,
            realization: null,
            minutes: 0,
            unpricedLineCount: 0,
          };
          rows.set(key, row);
        }
        const value = price(line.timekeeperId, line.workDate, line.minutes);
        if (value === null) {
          row.unpricedLineCount += 1;
          continue;
        }
        row.billedMinor += line.amountMinor;
        row.standardValueMinor += value;
        row.minutes += line.minutes;
      }
      for (const row of rows.values()) row.realization = ratio(row.billedMinor, row.standardValueMinor);
      return { ...period, groupBy, rows: sortedRows(rows) };
    });
  }

  /** Collected ÷ billed on invoices issued in the period, payments dated up to its end. */
  async collectionRate(
    actor: Actor,
    period: { from: string; to: string; currency: string },
    groupBy: PeriodGrouping,
  ): Promise<CollectionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const invoices = (await this.invoices.issuedBalances(manager, { issuedOnOrBefore: period.to })).filter(
        (invoice) =>
          invoice.currency === period.currency && invoice.issuedAt.toISOString().slice(0, 10) >= period.from,
      );
      const paid = await this.payments.paidAsOf(
        manager,
        invoices.map((invoice) => invoice.invoiceId),
        period.to,
      );
      const rows = new Map<string, CollectionRowView & { invoices: Set<string> }>();
      const rowOf = (key: string): CollectionRowView & { invoices: Set<string> } => {
        let row = rows.get(key);
        if (!row) {
          row = {
            timekeeperId: groupBy === 'timekeeper' ? key : null,
            clientId: groupBy === 'client' ? key : null,
            billedMinor: 0,
            collectedMinor: 0,
            collectionRate: null,
            invoiceCount: 0,
            invoices: new Set(),
          };
          rows.set(key, row);
        }
        return row;
      };
      if (groupBy === 'client') {
        for (const invoice of invoices) {
          const row = rowOf(invoice.clientId);
          row.billedMinor += invoice.totalMinor;
          row.collectedMinor += paid.get(invoice.invoiceId) ?? 0;
          row.invoices.add(invoice.invoiceId);
        }
      } else {
        const totals = new Map(invoices.map((invoice) => [invoice.invoiceId, invoice.totalMinor]));
        const perInvoice = new Map<string, Map<string, number>>();
        for (const line of await this.invoices.issuedTimeLines(manager, period)) {
          const amounts = perInvoice.get(line.invoiceId) ?? new Map<string, number>();
          amounts.set(line.timekeeperId, (amounts.get(line.timekeeperId) ?? 0) + line.amountMinor);
          perInvoice.set(line.invoiceId, amounts);
        }
        for (const [invoiceId, amounts] of perInvoice)
          for (const [timekeeperId, amountMinor] of amounts) {
            const row = rowOf(timekeeperId);
            row.billedMinor += amountMinor;
            row.collectedMinor += collectedShare(
              amountMinor,
              paid.get(invoiceId) ?? 0,
              totals.get(invoiceId) ?? 0,
            );
            row.invoices.add(invoiceId);
          }
      }
      return {
        ...period,
        groupBy,
        rows: sortedRows(rows).map(({ invoices: counted, ...row }) => ({
          ...row,
          invoiceCount: counted.size,
          collectionRate: ratio(row.collectedMinor, row.billedMinor),
        })),
      };
    });
  }

  wipCsv(report: WipReportView): string {
    return stringify(
      report.rows.map((row) => [
        report.asOf,
        report.currency,
        row.matterId ?? '',
        row.timekeeperId ?? '',
        row.entryCount,
        row.minutes,
        row.billedTenths,
        row.standardValueMinor,
        row.unpricedMinutes,
        row.expenseCount,
        row.expensesMinor,
        row.oldestWorkDate ?? '',
      ]),
      {
        header: true,
        columns: [
          'as_of',
          'currency',
          'matter_id',
          'timekeeper_id',
          'entry_count',
          'minutes',
          'billed_tenths',
          'standard_value_minor',
          'unpriced_minutes',
          'expense_count',
          'expenses_minor',
          'oldest_work_date',
        ],
        cast: { string: spreadsheetSafe },
      },
    );
  }

  unbilledAgingCsv(report: UnbilledAgingView): string {
    return stringify(
      report.rows.map((row) => [
        report.asOf,
        report.currency,
        row.matterId ?? '',
        row.timekeeperId ?? '',
        ...UNBILLED_BUCKETS.map((bucket) => row[`${bucket}Minor`]),
        row.totalMinor,
        row.minutes,
        row.unpricedMinutes,
      ]),
      {
        header: true,
        columns: [
          'as_of',
          'currency',
          'matter_id',
          'timekeeper_id',
          'days_0_30_minor',
          'days_31_60_minor',
          'days_61_90_minor',
          'days_91_180_minor',
          'over_180_minor',
          'total_minor',
          'minutes',
          'unpriced_minutes',
        ],
        cast: { string: spreadsheetSafe },
      },
    );
  }

  realizationCsv(report: RealizationView): string {
    return stringify(
      report.rows.map((row) => [
        report.from,
        report.to,
        report.currency,
        row.timekeeperId ?? '',
        row.clientId ?? '',
        row.billedMinor,
        row.standardValueMinor,
        row.realization === null ? '' : row.realization.toFixed(4),
        row.minutes,
        row.unpricedLineCount,
      ]),
      {
        header: true,
        columns: [
          'from',
          'to',
          'currency',
          'timekeeper_id',
          'client_id',
          'billed_minor',
          'standard_value_minor',
          'realization',
          'minutes',
          'unpriced_line_count',
        ],
        cast: { string: spreadsheetSafe },
      },
    );
  }

  collectionCsv(report: CollectionView): string {
    return stringify(
      report.rows.map((row) => [
        report.from,
        report.to,
        report.currency,
        row.timekeeperId ?? '',
        row.clientId ?? '',
        row.billedMinor,
        row.collectedMinor,
        row.collectionRate === null ? '' : row.collectionRate.toFixed(4),
        row.invoiceCount,
      ]),
      {
        header: true,
        columns: [
          'from',
          'to',
          'currency',
          'timekeeper_id',
          'client_id',
          'billed_minor',
          'collected_minor',
          'collection_rate',
          'invoice_count',
        ],
        cast: { string: spreadsheetSafe },
      },
    );
  }

  /** Minutes at the timekeeper's default rate on the date (per entry, half-up), or null without one. */
  private standardPricer(
    rules: readonly RateRuleFacts[],
    currency: string,
  ): (timekeeperId: string, workDate: string, minutes: number) => number | null {
    const rates = new Map<string, number | null>();
    return (timekeeperId, workDate, minutes) => {
      const key = `${timekeeperId}|${workDate}`;
      let rate = rates.get(key);
      if (rate === undefined) {
        rate = this.rates.standardRate(rules, timekeeperId, workDate, currency);
        rates.set(key, rate);
      }
      return rate === null ? null : standardValue(minutes, rate);
    };
  }
}

/** Rows in a stable order: by the grouping key (matter, timekeeper or client id). */
function sortedRows<T>(rows: Map<string, T>): T[] {
  return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
}

/** Timekeeper ids are free text from timekeeping: one a spreadsheet would run as a formula starts with '. */
function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
