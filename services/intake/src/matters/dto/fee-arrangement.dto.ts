import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsObject, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { IsCurrencyCode, IsPositiveMinorAmount, type Money } from '@lawfirm/primitives';

export const FEE_TYPES = ['hourly', 'flat', 'contingency', 'hybrid'] as const;
export type FeeType = (typeof FEE_TYPES)[number];

export class MoneyDto implements Money {
  @ApiProperty({ example: 250000, description: 'Integer minor units (cents).' })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 currency code.' })
  @IsCurrencyCode()
  currency!: string;
}

/** ABA Model Rule 1.5(c): the percentages by stage and whether expenses come off before or after the fee. */
export class ContingencyDto {
  @ApiProperty({ example: 33.33, description: 'Percent of the recovery if the matter settles.' })
  @IsNumber(
    { maxDecimalPlaces: 2 },
    { message: 'settlementPercent must be a number with at most two decimals' },
  )
  @Min(0.01)
  @Max(100)
  settlementPercent!: number;

  @ApiPropertyOptional({ example: 40 })
  @IsOptionalNotNull()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  trialPercent?: number;

  @ApiPropertyOptional({ example: 45 })
  @IsOptionalNotNull()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(100)
  appealPercent?: number;

  @ApiProperty({
    enum: ['before-fee', 'after-fee'],
    description: 'Whether expenses are deducted before or after the fee is calculated.',
  })
  @IsIn(['before-fee', 'after-fee'], { message: 'expensesDeducted must be before-fee or after-fee' })
  expensesDeducted!: 'before-fee' | 'after-fee';
}

export class FeeArrangementDto {
  @ApiProperty({ enum: FEE_TYPES })
  @IsIn(FEE_TYPES, { message: `type must be one of: ${FEE_TYPES.join(', ')}` })
  type!: FeeType;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required for flat fees; optional part of a hybrid.' })
  @IsOptionalNotNull()
  @IsObject({ message: 'flatFee must be an object' })
  @ValidateNested()
  @Type(() => MoneyDto)
  flatFee?: MoneyDto;

  @ApiPropertyOptional({
    type: ContingencyDto,
    description: 'Required for contingency fees; optional part of a hybrid.',
  })
  @IsOptionalNotNull()
  @IsObject({ message: 'contingency must be an object' })
  @ValidateNested()
  @Type(() => ContingencyDto)
  contingency?: ContingencyDto;

  @ApiPropertyOptional({
    description: "Notes on hourly terms (rates themselves are billing's rate rules).",
    maxLength: 2000,
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}
