import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import type { CursorPosition } from '@lawfirm/platform';
import { CreditNote } from './credit-note.entity';
import { InvoiceLine } from './invoice-line.entity';
import { Invoice, type InvoiceStatus } from './invoice.entity';
import { FirmBillingTerms } from './firm-billing-terms.entity';
import { MatterBillingTerms } from './matter-billing-terms.entity';
import { NumberSeries, type NumberSeriesName } from './number-series.entity';

export const DEFAULT_NUMBERING: Readonly<Record<NumberSeriesName, { prefix: string; padding: number }>> = {
  invoice: { prefix: 'INV-', padding: 6 },
  'credit-note': { prefix: 'CN-', padding: 6 },
};

export interface InvoiceFilters {
  status?: InvoiceStatus;
  clientId?: string;
  matterId?: string;
}

export interface IssuedTimeLineRow {
  invoiceId: string;
  clientId: string;
  timekeeperId: string;
  workDate: string;
  minutes: number;
  amountMinor: string;
}

/** Lines per INSERT: one array per column, so a statement's size does not grow its parameter count. */
const LINE_INSERT_CHUNK = 5000;

/**
 * Raw: TypeORM cannot insert from unnest(…). Its multi-row VALUES binds one parameter per cell (35,000 for a
 * 1,000-line pre-bill) and took 450–700 ms a bill in bench/invoice-run; one array per column is one plan.
 */
async function insertLines(manager: EntityManager, lines: readonly InvoiceLine[]): Promise<void> {
  const column = <K extends keyof InvoiceLine>(key: K): Array<InvoiceLine[K]> =>
    lines.map((line) => line[key]);
  await manager.query(
    `INSERT INTO invoice_lines (firm_id, id, invoice_id, position, kind, matter_id, time_entry_id, expense_id,
            work_date, timekeeper_id, timekeeper_name, classification, ledes_classification, task_code, activity_code,
            expense_code, narrative, minutes, billed_tenths, rate_minor, rate_rule_id, rate_source, standard_minor,
            adjustment_kind, adjustment_value, adjustment_reason, amount_minor, outsourced, vendor_id, cost_minor,
            markup_bp, covered_by_line_id, details)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::uuid[], $7::uuid[],
            $8::uuid[], $9::date[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
            $16::text[], $17::text[], $18::int[], $19::int[], $20::bigint[], $21::uuid[], $22::text[], $23::bigint[],
            $24::text[], $25::bigint[], $26::text[], $27::bigint[], $28::boolean[], $29::uuid[], $30::bigint[],
            $31::int[], $32::uuid[], $33::jsonb[])`,
    [
      column('firmId'),
      column('id'),
      column('invoiceId'),
      column('position'),
      column('kind'),
      column('matterId'),
      column('timeEntryId'),
      column('expenseId'),
      column('workDate'),
      column('timekeeperId'),
      column('timekeeperName'),
      column('classification'),
      column('ledesClassification'),
      column('taskCode'),
      column('activityCode'),
      column('expenseCode'),
      column('narrative'),
      column('minutes'),
      column('billedTenths'),
      column('rateMinor'),
      column('rateRuleId'),
      column('rateSource'),
      column('standardMinor'),
      column('adjustmentKind'),
      column('adjustmentValue'),
      column('adjustmentReason'),
      column('amountMinor'),
      column('outsourced'),
      column('vendorId'),
      column('costMinor'),
      column('markupBp'),
      column('coveredByLineId'),
      // jsonb[] from text: each element is the JSON of one line's details (or null).
      lines.map((line) =>
        line.details === null || line.details === undefined ? null : JSON.stringify(line.details),
      ),
    ],
  );
}

@Injectable()
export class InvoicesRepository {
  findInvoice(manager: EntityManager, id: string, lock = false): Promise<Invoice | null> {
    const query = manager
      .getRepository(Invoice)
      .createQueryBuilder('invoice')
      .where('invoice.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  lines(manager: EntityManager, invoiceId: string): Promise<InvoiceLine[]> {
    return manager
      .getRepository(InvoiceLine)
      .createQueryBuilder('line')
      .where('line.invoice_id = :invoiceId', { invoiceId })
      .orderBy('line.position')
      .getMany();
  }

  creditNotes(manager: EntityManager, invoiceId: string): Promise<CreditNote[]> {
    return manager
      .getRepository(CreditNote)
      .createQueryBuilder('note')
      .where('note.invoice_id = :invoiceId', { invoiceId })
      .orderBy('note.issued_at')
      .addOrderBy('note.number')
      .getMany();
  }

  findCreditNote(manager: EntityManager, id: string): Promise<CreditNote | null> {
    return manager.getRepository(CreditNote).findOne({ where: { id } });
  }

  async insertInvoice(manager: EntityManager, invoice: Invoice, lines: InvoiceLine[]): Promise<void> {
    await manager.insert(Invoice, invoice);
    for (let start = 0; start < lines.length; start += LINE_INSERT_CHUNK)
      await insertLines(manager, lines.slice(start, start + LINE_INSERT_CHUNK));
  }

  async insertLine(manager: EntityManager, line: InvoiceLine): Promise<void> {
    await manager.insert(InvoiceLine, line);
  }

  async saveLines(manager: EntityManager, lines: InvoiceLine[]): Promise<void> {
    if (lines.length) await manager.save(InvoiceLine, lines);
  }

  /**
   * Raw: one UPDATE … FROM unnest for a bill's taxed lines (TypeORM's save is a SELECT and an UPDATE per line,
   * which a 1,000-line bill would pay at every issue).
   */
  async setLineTaxes(manager: EntityManager, lines: readonly InvoiceLine[]): Promise<void> {
    if (!lines.length) return;
    await manager.query(
      `UPDATE invoice_lines AS line
          SET tax_rate_id = taxed.tax_rate_id, tax_type = taxed.tax_type, tax_rate_bp = taxed.tax_rate_bp,
              tax_minor = taxed.tax_minor
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::bigint[])
              AS taxed (id, tax_rate_id, tax_type, tax_rate_bp, tax_minor)
        WHERE line.firm_id = $6 AND line.id = taxed.id`,
      [
        lines.map((line) => line.id),
        lines.map((line) => line.taxRateId),
        lines.map((line) => line.taxType),
        lines.map((line) => line.taxRateBp),
        lines.map((line) => line.taxMinor),
        lines[0]!.firmId,
      ],
    );
  }

  async deleteLine(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(InvoiceLine, { id });
  }

  async saveInvoice(manager: EntityManager, invoice: Invoice): Promise<void> {
    await manager.save(Invoice, invoice);
  }

  async deleteInvoice(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(Invoice, { id });
  }

  async insertCreditNote(manager: EntityManager, note: CreditNote): Promise<void> {
    await manager.insert(CreditNote, note);
  }

  /** Newest first. */
  list(
    manager: EntityManager,
    filters: InvoiceFilters,
    limit: number,
    after?: CursorPosition,
  ): Promise<Invoice[]> {
    const query = manager
      .getRepository(Invoice)
      .createQueryBuilder('invoice')
      .orderBy("date_trunc('milliseconds', invoice.created_at)", 'DESC')
      .addOrderBy('invoice.id', 'DESC')
      .limit(limit + 1);
    if (filters.status) query.andWhere('invoice.status = :status', { status: filters.status });
    if (filters.clientId) query.andWhere('invoice.client_id = :clientId', { clientId: filters.clientId });
    if (filters.matterId)
      query.andWhere(
        '(invoice.matter_id = :matterId OR EXISTS (SELECT 1 FROM invoice_lines line WHERE line.firm_id = invoice.firm_id AND line.invoice_id = invoice.id AND line.matter_id = :matterId))',
        { matterId: filters.matterId },
      );
    if (after)
      query.andWhere(
        "(date_trunc('milliseconds', invoice.created_at), invoice.id) < (:sortKey::timestamptz, :id::uuid)",
        after,
      );
    return query.getMany();
  }

  /**
   * Issued invoices with the sum of their credit notes, oldest issued first (for payments); `lock` holds
   * the invoice rows FOR UPDATE (in id order, so two payments never deadlock) until the caller commits.
   */
  async issuedWithCredits(
    manager: EntityManager,
    filters: { clientId?: string; invoiceIds?: readonly string[]; issuedOnOrBefore?: string },
    lock: boolean,
  ): Promise<Array<{ invoice: Invoice; creditedMinor: string }>> {
    const query = manager
      .getRepository(Invoice)
      .createQueryBuilder('invoice')
      .where("invoice.status = 'issued'");
    if (filters.clientId) query.andWhere('invoice.client_id = :clientId', { clientId: filters.clientId });
    if (filters.invoiceIds) query.andWhere('invoice.id IN (:...ids)', { ids: [...filters.invoiceIds, null] });
    if (filters.issuedOnOrBefore)
      query.andWhere("(invoice.issued_at AT TIME ZONE 'UTC')::date <= :asOf", {
        asOf: filters.issuedOnOrBefore,
      });
    if (lock) query.orderBy('invoice.id').setLock('pessimistic_write');
    const invoices = await query.getMany();
    if (!invoices.length) return [];
    const sumsQuery = manager
      .getRepository(CreditNote)
      .createQueryBuilder('note')
      .select('note.invoice_id', 'invoiceId')
      .addSelect('SUM(note.amount_minor)', 'creditedMinor')
      .where('note.invoice_id IN (:...ids)', { ids: invoices.map((invoice) => invoice.id) })
      .groupBy('note.invoice_id');
    if (filters.issuedOnOrBefore)
      sumsQuery.andWhere("(note.issued_at AT TIME ZONE 'UTC')::date <= :asOf", {
        asOf: filters.issuedOnOrBefore,
      });
    const sums = await sumsQuery.getRawMany<{ invoiceId: string; creditedMinor: string }>();
    const credited = new Map(sums.map((sum) => [sum.invoiceId, sum.creditedMinor]));
    return invoices
      .map((invoice) => ({ invoice, creditedMinor: credited.get(invoice.id) ?? '0' }))
      .sort(
        (a, b) =>
          (a.invoice.issuedAt?.getTime() ?? 0) - (b.invoice.issuedAt?.getTime() ?? 0) ||
          (a.invoice.number ?? '').localeCompare(b.invoice.number ?? ''),
      );
  }

  /** For reports: the time lines of invoices in `currency` issued (UTC date) from `from` to `to`. */
  issuedTimeLines(
    manager: EntityManager,
    period: { from: string; to: string; currency: string },
  ): Promise<IssuedTimeLineRow[]> {
    return manager
      .getRepository(InvoiceLine)
      .createQueryBuilder('line')
      .innerJoin(Invoice, 'invoice', 'invoice.firm_id = line.firm_id AND invoice.id = line.invoice_id')
      .select('line.invoice_id', 'invoiceId')
      .addSelect('invoice.client_id', 'clientId')
      .addSelect('line.timekeeper_id', 'timekeeperId')
      .addSelect("to_char(line.work_date, 'YYYY-MM-DD')", 'workDate')
      .addSelect('line.minutes', 'minutes')
      .addSelect('line.amount_minor::text', 'amountMinor')
      .where("invoice.status = 'issued'")
      .andWhere('invoice.currency = :currency', { currency: period.currency })
      .andWhere("(invoice.issued_at AT TIME ZONE 'UTC')::date BETWEEN :from AND :to", period)
      .andWhere("line.kind = 'time'")
      .getRawMany<IssuedTimeLineRow>();
  }

  /** Serialises pre-bill creation per client, so two at once cannot both find no open draft. */
  async lockClientBills(manager: EntityManager, firmId: string, clientId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `pre-bill|${firmId}|${clientId}`,
    ]);
  }

  /** An open draft holding any of these matters, or one across the client's matters. */
  openDraftFor(
    manager: EntityManager,
    clientId: string,
    matterIds: readonly string[],
  ): Promise<Invoice | null> {
    return manager
      .getRepository(Invoice)
      .createQueryBuilder('invoice')
      .where("invoice.status = 'draft' AND invoice.client_id = :clientId", { clientId })
      .andWhere('(invoice.matter_id IS NULL OR invoice.matter_id IN (:...matterIds))', {
        matterIds: [...matterIds],
      })
      .orderBy('invoice.created_at')
      .getOne();
  }

  mattersOfClient(manager: EntityManager, clientId: string): Promise<ProjectedMatter[]> {
    return manager.getRepository(ProjectedMatter).find({ where: { clientId }, order: { matterId: 'ASC' } });
  }

  matters(manager: EntityManager, matterIds: readonly string[]): Promise<ProjectedMatter[]> {
    if (matterIds.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(ProjectedMatter)
      .createQueryBuilder('matter')
      .where('matter.matter_id IN (:...matterIds)', { matterIds: [...matterIds] })
      .getMany();
  }

  terms(manager: EntityManager, matterIds: readonly string[]): Promise<MatterBillingTerms[]> {
    if (matterIds.length === 0) return Promise.resolve([]);
    return manager
      .getRepository(MatterBillingTerms)
      .createQueryBuilder('terms')
      .where('terms.matter_id IN (:...matterIds)', { matterIds: [...matterIds] })
      .getMany();
  }

  firmTerms(manager: EntityManager): Promise<FirmBillingTerms | null> {
    return manager.getRepository(FirmBillingTerms).findOne({ where: {} });
  }

  async saveFirmTerms(manager: EntityManager, terms: FirmBillingTerms): Promise<void> {
    await manager.upsert(FirmBillingTerms, terms, ['firmId']);
  }

  async saveTerms(manager: EntityManager, terms: MatterBillingTerms): Promise<void> {
    await manager.save(MatterBillingTerms, terms);
  }

  numbering(manager: EntityManager): Promise<NumberSeries[]> {
    return manager.getRepository(NumberSeries).find({ order: { series: 'ASC' } });
  }

  async setNumbering(
    manager: EntityManager,
    firmId: string,
    series: NumberSeriesName,
    prefix: string,
    padding: number,
  ): Promise<NumberSeries> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(NumberSeries)
      .values({ firmId, series, prefix, padding, nextValue: '1' })
      .orUpdate(['prefix', 'padding'], ['firm_id', 'series'])
      .execute();
    return manager.getRepository(NumberSeries).findOneOrFail({ where: { series } });
  }

  /**
   * Takes the next number of a series inside the issuing transaction. The UPDATE locks the counter row
   * until that transaction ends, so concurrent issues queue on it; a rolled-back issue gives its number
   * back, so numbers are consecutive with no gaps and no duplicates.
   */
  async takeNumber(manager: EntityManager, firmId: string, series: NumberSeriesName): Promise<string> {
    const defaults = DEFAULT_NUMBERING[series];
    await manager
      .createQueryBuilder()
      .insert()
      .into(NumberSeries)
      .values({ firmId, series, prefix: defaults.prefix, padding: defaults.padding, nextValue: '1' })
      .orIgnore()
      .execute();
    await manager
      .createQueryBuilder()
      .update(NumberSeries)
      .set({ nextValue: () => 'next_value + 1' })
      .where('series = :series', { series })
      .execute();
    // The row is ours until commit: the UPDATE above locked it.
    const row = await manager.getRepository(NumberSeries).findOneOrFail({ where: { series } });
    const taken = BigInt(row.nextValue) - 1n;
    return `${row.prefix}${taken.toString().padStart(row.padding, '0')}`;
  }
}
