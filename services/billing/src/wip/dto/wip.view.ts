import { ApiProperty } from '@nestjs/swagger';

export class WipItemView {
  @ApiProperty({ format: 'uuid' }) timeEntryId!: string;
  @ApiProperty() timekeeperId!: string;
  @ApiProperty({ example: '2026-11-20' }) workDate!: string;
  @ApiProperty({ description: 'Raw minutes.' }) minutes!: number;
  @ApiProperty({ description: 'Billed tenths of an hour.' }) billedTenths!: number;
  @ApiProperty() narrative!: string;
  @ApiProperty() billable!: boolean;
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
}

export class WipView {
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ description: 'Number of unbilled approved entries on the matter.' }) entryCount!: number;
  @ApiProperty({ description: 'Total raw minutes of those entries.' }) totalMinutes!: number;
  @ApiProperty({ description: 'Total billed tenths of an hour.' }) totalBilledTenths!: number;
  @ApiProperty({ type: [WipItemView], description: 'One page of the entries, oldest work first.' })
  items!: WipItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
