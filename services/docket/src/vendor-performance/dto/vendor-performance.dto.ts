import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '@lawfirm/primitives';

export class VendorPerformanceQuery {
  @ApiProperty({
    example: '2026-01-01',
    description: 'Work approved with its approved submission on or after this day (UTC).',
  })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2026-03-31',
    description:
      'Work approved with its approved submission on or before this day (UTC; at most 366 days after from).',
  })
  @IsCalendarDate()
  to!: string;
}

export class VendorPerformanceRowView {
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty({ example: 'document-review' }) workType!: string;
  @ApiProperty({ description: 'Orders the firm approved whose approved submission falls in the range.' })
  delivered!: number;
  @ApiProperty({ description: 'Of those, submitted at or before the due time set at acceptance.' })
  onTime!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.75,
    description: 'onTime / delivered, 4 decimal places.',
  })
  onTimeRate!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Acceptance to the approved submission, whole minutes, nearest-rank median.',
  })
  medianTurnaroundMinutes!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Nearest-rank 90th percentile of the same.' })
  p90TurnaroundMinutes!: number | null;
  @ApiProperty({ description: 'Delivered orders returned for rework at least once.' }) reworked!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.5,
    description: 'reworked / delivered, 4 decimal places.',
  })
  reworkRate!: number | null;
  @ApiProperty({
    description:
      'Orders the vendor still owes (accepted, in progress, returned) past their due time at asOf.',
  })
  openPastSla!: number;
}

export class VendorPerformanceView {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-03-31' }) to!: string;
  @ApiProperty({ description: 'The time open work past its SLA is counted at (now).' }) asOf!: string;
  @ApiProperty({ type: [VendorPerformanceRowView] }) rows!: VendorPerformanceRowView[];
}
