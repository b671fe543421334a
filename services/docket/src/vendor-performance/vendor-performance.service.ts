import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { ValidationFailedError } from '@lawfirm/errors';
import { WorkOrderService } from '../work-orders/work-order.service';
import type { VendorPerformanceView } from './dto/vendor-performance.dto';
import { vendorPerformance } from './vendor-performance.rules';

/** The longest range one report covers. */
const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

const CSV_COLUMNS = [
  'vendorId',
  'workType',
  'delivered',
  'onTime',
  'onTimeRate',
  'medianTurnaroundMinutes',
  'p90TurnaroundMinutes',
  'reworked',
  'reworkRate',
  'openPastSla',
] as const;

/**
 * Turnaround figures per vendor and kind of work over a range of days (UTC), computed from the firm's
 * work orders read through `WorkOrderService` — the dashboard a firm reviews with its vendors.
 */
@Injectable()
export class VendorPerformanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workOrders: WorkOrderService,
  ) {}

  async report(actor: Actor, from: string, to: string): Promise<VendorPerformanceView> {
    const start = Date.parse(`${from}T00:00:00Z`);
    const endDay = Date.parse(`${to}T00:00:00Z`);
    if (endDay < start)
      throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    if ((endDay - start) / DAY_MS > MAX_RANGE_DAYS)
      throw new ValidationFailedError([
        { field: 'to', message: `to must be at most ${MAX_RANGE_DAYS} days after from` },
      ]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const { asOf, facts } = await this.workOrders.performanceFacts(
        manager,
        new Date(start),
        new Date(endDay + DAY_MS),
      );
      return { from, to, asOf: asOf.toISOString(), rows: vendorPerformance(facts) };
    });
  }

  /** The same figures as CSV: a header row, then one row per vendor and kind of work (empty = no figure). */
  async reportCsv(actor: Actor, from: string, to: string): Promise<string> {
    const report = await this.report(actor, from, to);
    return stringify(
      report.rows.map((row) => CSV_COLUMNS.map((column) => row[column] ?? '')),
      { header: true, columns: [...CSV_COLUMNS] },
    );
  }
}
