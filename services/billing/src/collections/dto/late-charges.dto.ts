import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate, IsCurrencyCode, IsPositiveMinorAmount } from '@lawfirm/primitives';

export class LateChargeTermsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "The matter's terms; left out, the firm's default." })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;
}

export class LateChargeTermsDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "The matter whose engagement allows late charges; left out, the firm's default terms.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;

  @ApiPropertyOptional({
    type: Number,
    example: 1200,
    nullable: true,
    description: 'Simple interest per annum in basis points (1 to 10000; 1200 = 12 % a year).',
  })
  @IsOptional()
  @IsInt({ message: 'annualRateBp must be a whole number of basis points' })
  @Min(1, { message: 'annualRateBp must be 1 to 10000' })
  @Max(10_000, { message: 'annualRateBp must be 1 to 10000' })
  annualRateBp?: number | null;

  @ApiPropertyOptional({
    type: Number,
    example: 2500,
    nullable: true,
    description: 'A flat late fee charged once per period (calendar month) while overdue, in minor units.',
  })
  @IsOptional()
  @IsPositiveMinorAmount()
  flatFeeMinor?: number | null;

  @ApiPropertyOptional({
    type: String,
    example: 'USD',
    nullable: true,
    description: "The flat fee's currency (required with it).",
  })
  @IsOptional()
  @IsCurrencyCode()
  currency?: string | null;

  @ApiProperty({ example: 10, description: 'Days after the due date that accrue nothing (0 to 365).' })
  @IsInt({ message: 'graceDays must be a whole number of days' })
  @Min(0, { message: 'graceDays must be 0 to 365' })
  @Max(365, { message: 'graceDays must be 0 to 365' })
  graceDays!: number;

  @ApiPropertyOptional({
    type: Number,
    example: 1000,
    nullable: true,
    description:
      'All late charges on an invoice together at most this share of its principal, in basis points (1 to 10000).',
  })
  @IsOptional()
  @IsInt({ message: 'capBp must be a whole number of basis points' })
  @Min(1, { message: 'capBp must be 1 to 10000' })
  @Max(10_000, { message: 'capBp must be 1 to 10000' })
  capBp?: number | null;
}

export class LateChargeTermsView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) matterId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) annualRateBp!: number | null;
  @ApiProperty({ nullable: true, type: Number }) flatFeeMinor!: number | null;
  @ApiProperty({ nullable: true, type: String }) currency!: string | null;
  @ApiProperty() graceDays!: number;
  @ApiProperty({ nullable: true, type: Number }) capBp!: number | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class LateChargeRunDto {
  @ApiProperty({
    example: '2026-12-31',
    description: 'Charge what is due by this day (UTC); its month is the period.',
  })
  @IsCalendarDate()
  asOf!: string;
}

export class LateChargeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty({ example: '2026-12' }) period!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() interestMinor!: number;
  @ApiProperty() flatFeeMinor!: number;
  @ApiProperty() amountMinor!: number;
  @ApiProperty({ description: 'The chargeable principal on asOf.' }) principalMinor!: number;
  @ApiProperty() chargeableDays!: number;
  @ApiProperty({ nullable: true, type: Number }) annualRateBp!: number | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LateChargeRunView {
  @ApiProperty() asOf!: string;
  @ApiProperty({ example: '2026-12' }) period!: string;
  @ApiProperty({
    type: [LateChargeView],
    description: 'The charges this run issued (none already issued for the period).',
  })
  charged!: LateChargeView[];
}
