import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { IsCalendarDate, IsPastOrCurrentDate, IsPositiveMinorAmount } from '@lawfirm/primitives';
import { COLLECTION_STATUSES, type CollectionStatus } from '../collections.rules';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class SetCollectionStatusDto {
  @ApiProperty({ enum: COLLECTION_STATUSES })
  @IsIn(COLLECTION_STATUSES, { message: `status must be one of: ${COLLECTION_STATUSES.join(', ')}` })
  status!: CollectionStatus;

  @ApiPropertyOptional({
    example: '2026-12-15',
    description: 'Status promised: the day the client promised to pay.',
  })
  @IsOptionalNotNull()
  @IsCalendarDate()
  promisedOn?: string;

  @ApiPropertyOptional({ example: 15000, description: 'Status promised: how much (at most what is open).' })
  @IsOptionalNotNull()
  @IsPositiveMinorAmount()
  promisedAmountMinor?: number;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Status disputed: what the client disputes.' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'disputeReason must say what is disputed' })
  @MaxLength(1000)
  disputeReason?: string;

  @ApiPropertyOptional({
    maxLength: 1000,
    description:
      'Why (required for written-off: the reason for the write-off; e.g. the agency for in-collections).',
  })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'note must not be empty' })
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({
    example: '2026-11-30',
    description: 'Status written-off: the day (default today, UTC).',
  })
  @IsOptionalNotNull()
  @IsPastOrCurrentDate()
  writtenOffOn?: string;
}

export class CollectionStatusView {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: COLLECTION_STATUSES }) status!: CollectionStatus;
  @ApiProperty({ nullable: true, type: String }) promisedOn!: string | null;
  @ApiProperty({ nullable: true, type: Number }) promisedAmountMinor!: number | null;
  @ApiProperty({ nullable: true, type: String }) disputeReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The write-off ledger entry.' })
  writeOffEntryId!: string | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: String }) dueDate!: string | null;
  @ApiProperty() openMinor!: number;
  @ApiProperty() writtenOffMinor!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt!: string | null;
}

export class InstalmentDto {
  @ApiProperty({ example: '2026-12-15' })
  @IsCalendarDate()
  dueOn!: string;

  @ApiProperty({ example: 10000 })
  @IsPositiveMinorAmount()
  amountMinor!: number;
}

export class PaymentPlanDto {
  @ApiProperty({
    type: [InstalmentDto],
    description: 'On later and later days, adding up to exactly what is open on the invoice (1 to 60).',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'instalments must name at least one instalment' })
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => InstalmentDto)
  instalments!: InstalmentDto[];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'note must not be empty' })
  @MaxLength(1000)
  note?: string;
}

export class PaymentPlanQuery {
  @ApiPropertyOptional({
    example: '2026-12-31',
    description: 'Statuses as of this day (default today, UTC).',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class InstalmentView {
  @ApiProperty() dueOn!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() paidMinor!: number;
  @ApiProperty({ enum: ['paid', 'due', 'overdue'] }) status!: 'paid' | 'due' | 'overdue';
}

export class PaymentPlanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() totalMinor!: number;
  @ApiProperty({ description: 'Paid on the invoice since the plan was agreed.' }) paidMinor!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [InstalmentView] }) instalments!: InstalmentView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
