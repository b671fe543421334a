import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '@lawfirm/primitives';

export const AGING_GROUPINGS = ['firm', 'client', 'matter'] as const;
export type AgingGrouping = (typeof AGING_GROUPINGS)[number];

export class AgingQuery {
  @ApiProperty({ example: '2026-12-31', description: 'The day the receivables are aged on.' })
  @IsCalendarDate()
  asOf!: string;

  @ApiPropertyOptional({ enum: AGING_GROUPINGS, default: 'client' })
  @IsOptional()
  @IsIn(AGING_GROUPINGS, { message: `groupBy must be one of: ${AGING_GROUPINGS.join(', ')}` })
  groupBy?: AgingGrouping;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this client's invoices." })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId?: string;
}

export class AgingRowView {
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Null unless grouped by client.',
  })
  clientId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Null unless grouped by matter (and on a bill across matters).',
  })
  matterId!: string | null;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ description: 'Not yet due, or due on the as-of date.' }) currentMinor!: number;
  @ApiProperty() days1To30Minor!: number;
  @ApiProperty() days31To60Minor!: number;
  @ApiProperty() days61To90Minor!: number;
  @ApiProperty() over90Minor!: number;
  @ApiProperty() totalMinor!: number;
  @ApiProperty() invoiceCount!: number;
}

export class AgingReportView {
  @ApiProperty({ example: '2026-12-31' }) asOf!: string;
  @ApiProperty({ enum: AGING_GROUPINGS }) groupBy!: AgingGrouping;
  @ApiProperty({ type: [AgingRowView] }) rows!: AgingRowView[];
}
