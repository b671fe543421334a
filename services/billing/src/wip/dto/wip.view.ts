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
  @ApiProperty({ description: "A vendor timekeeper's work." }) outsourced!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) vendorId!: string | null;
  @ApiProperty({ description: 'Held by a pre-bill (draft invoice).' }) onPreBill!: boolean;
}

export class WipExpenseView {
  @ApiProperty({ format: 'uuid' }) expenseId!: string;
  @ApiProperty({ example: '2026-11-20' }) expenseDate!: string;
  @ApiProperty({ example: 'E112' }) expenseCode!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Integer minor units; negative for a reversal of a billed expense.' })
  amountMinor!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() billable!: boolean;
  @ApiProperty({ description: "A vendor's cost, passed through at actual cost." }) outsourced!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) vendorId!: string | null;
  @ApiProperty({ description: 'Held by a pre-bill (draft invoice).' }) onPreBill!: boolean;
}

export class WipView {
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ description: 'Number of unbilled approved entries on the matter.' }) entryCount!: number;
  @ApiProperty({ description: 'Total raw minutes of those entries.' }) totalMinutes!: number;
  @ApiProperty({ description: 'Total billed tenths of an hour.' }) totalBilledTenths!: number;
  @ApiProperty({ type: [WipItemView], description: 'One page of the entries, oldest work first.' })
  items!: WipItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ type: [WipExpenseView], description: 'Every unbilled approved expense, oldest first.' })
  expenses!: WipExpenseView[];
}
