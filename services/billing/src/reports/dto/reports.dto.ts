import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy, type ValidationOptions } from 'class-validator';
import { IsCalendarDate, IsCurrencyCode } from '@lawfirm/primitives';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

class ReportFormatQuery {
  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    description: 'csv answers text/csv (as does `Accept: text/csv`); json by default.',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export const WIP_GROUPINGS = ['matter', 'timekeeper'] as const;
export type WipGrouping = (typeof WIP_GROUPINGS)[number];

export class WipReportQuery extends ReportFormatQuery {
  @ApiPropertyOptional({ enum: WIP_GROUPINGS, default: 'matter' })
  @IsOptional()
  @IsIn(WIP_GROUPINGS, { message: `groupBy must be one of: ${WIP_GROUPINGS.join(', ')}` })
  groupBy?: WipGrouping;

  @ApiProperty({
    example: 'USD',
    description: 'Currency of the standard values and of the expenses counted.',
  })
  @IsCurrencyCode()
  currency!: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Work unbilled on this day (worked by then and not billed by then); today (UTC) if absent.',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export const UNBILLED_AGING_GROUPINGS = ['firm', 'matter', 'timekeeper'] as const;
export type UnbilledAgingGrouping = (typeof UNBILLED_AGING_GROUPINGS)[number];

export class UnbilledAgingQuery extends ReportFormatQuery {
  @ApiProperty({ example: '2026-12-31', description: 'The day the unbilled work is aged on.' })
  @IsCalendarDate()
  asOf!: string;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiPropertyOptional({ enum: UNBILLED_AGING_GROUPINGS, default: 'firm' })
  @IsOptional()
  @IsIn(UNBILLED_AGING_GROUPINGS, {
    message: `groupBy must be one of: ${UNBILLED_AGING_GROUPINGS.join(', ')}`,
  })
  groupBy?: UnbilledAgingGrouping;
}

export const PERIOD_GROUPINGS = ['timekeeper', 'client'] as const;
export type PeriodGrouping = (typeof PERIOD_GROUPINGS)[number];

/** `to` on or after `from` (both already checked as dates). */
function IsOnOrAfterFrom(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOnOrAfterFrom',
      validator: {
        validate: (value: unknown, args) => {
          const from = (args?.object as { from?: unknown }).from;
          return typeof value !== 'string' || typeof from !== 'string' || from <= value;
        },
        defaultMessage: () => 'to must be on or after from',
      },
    },
    options,
  );
}

export class PeriodReportQuery extends ReportFormatQuery {
  @ApiProperty({ example: '2026-01-01', description: 'First issue date (UTC) of the invoices counted.' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2026-12-31',
    description: 'Last issue date counted (inclusive); payments are counted up to this day.',
  })
  @IsCalendarDate()
  @IsOnOrAfterFrom()
  to!: string;

  @ApiProperty({ example: 'USD', description: 'Only invoices in this currency.' })
  @IsCurrencyCode()
  currency!: string;

  @ApiPropertyOptional({ enum: PERIOD_GROUPINGS, default: 'timekeeper' })
  @IsOptional()
  @IsIn(PERIOD_GROUPINGS, { message: `groupBy must be one of: ${PERIOD_GROUPINGS.join(', ')}` })
  groupBy?: PeriodGrouping;
}

export class WipReportRowView {
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Null unless grouped by matter.',
  })
  matterId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null unless grouped by timekeeper.' })
  timekeeperId!: string | null;
  @ApiProperty() entryCount!: number;
  @ApiProperty() minutes!: number;
  @ApiProperty() billedTenths!: number;
  @ApiProperty({ description: 'Minutes × the timekeeper default rate on the work date, half-up per entry.' })
  standardValueMinor!: number;
  @ApiProperty({
    description: 'Minutes of time with no timekeeper default rate in the currency on its date.',
  })
  unpricedMinutes!: number;
  @ApiProperty() expenseCount!: number;
  @ApiProperty() expensesMinor!: number;
  @ApiProperty({ example: '2026-09-01', nullable: true, type: String }) oldestWorkDate!: string | null;
}

export class WipReportView {
  @ApiProperty({ example: '2026-12-31' }) asOf!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ enum: WIP_GROUPINGS }) groupBy!: WipGrouping;
  @ApiProperty({ type: [WipReportRowView] }) rows!: WipReportRowView[];
}

export class UnbilledAgingRowView {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) matterId!: string | null;
  @ApiProperty({ nullable: true, type: String }) timekeeperId!: string | null;
  @ApiProperty({
    description: 'Worked 0–30 days before the as-of date: time at standard value plus expenses.',
  })
  days0To30Minor!: number;
  @ApiProperty() days31To60Minor!: number;
  @ApiProperty() days61To90Minor!: number;
  @ApiProperty() days91To180Minor!: number;
  @ApiProperty() over180Minor!: number;
  @ApiProperty() totalMinor!: number;
  @ApiProperty() minutes!: number;
  @ApiProperty() unpricedMinutes!: number;
}

export class UnbilledAgingView {
  @ApiProperty({ example: '2026-12-31' }) asOf!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ enum: UNBILLED_AGING_GROUPINGS }) groupBy!: UnbilledAgingGrouping;
  @ApiProperty({ type: [UnbilledAgingRowView] }) rows!: UnbilledAgingRowView[];
}

export class RealizationRowView {
  @ApiProperty({ nullable: true, type: String }) timekeeperId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ description: 'Time lines billed (after line adjustments; invoice discounts not spread).' })
  billedMinor!: number;
  @ApiProperty({ description: 'The same lines at minutes × the timekeeper default rate, half-up per line.' })
  standardValueMinor!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.8571,
    description: 'billed ÷ standard value, half-up to 4 decimals; null when the standard value is 0.',
  })
  realization!: number | null;
  @ApiProperty() minutes!: number;
  @ApiProperty({ description: 'Lines with no default rate on their date: left out of both sums.' })
  unpricedLineCount!: number;
}

export class RealizationView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PERIOD_GROUPINGS }) groupBy!: PeriodGrouping;
  @ApiProperty({ type: [RealizationRowView] }) rows!: RealizationRowView[];
}

export class CollectionRowView {
  @ApiProperty({ nullable: true, type: String }) timekeeperId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) clientId!: string | null;
  @ApiProperty({ description: "Per client the invoices' totals; per timekeeper their time lines." })
  billedMinor!: number;
  @ApiProperty({ description: 'Net payments on those invoices dated up to `to` (per timekeeper: pro rata).' })
  collectedMinor!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.4444,
    description: 'collected ÷ billed, half-up to 4 decimals; null when nothing was billed.',
  })
  collectionRate!: number | null;
  @ApiProperty() invoiceCount!: number;
}

export class CollectionView {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PERIOD_GROUPINGS }) groupBy!: PeriodGrouping;
  @ApiProperty({ type: [CollectionRowView] }) rows!: CollectionRowView[];
}
