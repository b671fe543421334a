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
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { IsCurrencyCode, IsPastOrCurrentDate, IsPositiveMinorAmount } from '@lawfirm/primitives';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const PAYMENT_METHODS = ['check', 'wire', 'ach', 'card', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export class AllocationRequestDto {
  @ApiProperty({ format: 'uuid', description: 'An issued invoice of the client with money owed.' })
  @IsUUID('all', { message: 'invoiceId must be the id of an invoice' })
  invoiceId!: string;

  @ApiPropertyOptional({ example: 5000, description: 'Absent: as much as is owed, from what is left.' })
  @IsOptionalNotNull()
  @IsPositiveMinorAmount()
  amountMinor?: number;
}

export class RecordPaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId!: string;

  @ApiProperty({ example: 150000 })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({ example: '2026-11-20', description: 'The day the money was received (not in the future).' })
  @IsPastOrCurrentDate()
  receivedOn!: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS, { message: `method must be one of: ${PAYMENT_METHODS.join(', ')}` })
  method!: PaymentMethod;

  @ApiPropertyOptional({ maxLength: 200, description: 'Check number, wire reference, ...' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference?: string;

  @ApiProperty({ maxLength: 300, description: 'Who paid (the client, an insurer, ...).' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'payer must name who paid' })
  @MaxLength(300)
  payer!: string;

  @ApiPropertyOptional({
    type: [AllocationRequestDto],
    description:
      'Invoices to pay, in this order; absent: the oldest open invoices first. Left over = credit.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AllocationRequestDto)
  allocations?: AllocationRequestDto[];
}

export class ReversePaymentDto {
  @ApiProperty({ maxLength: 1000, example: 'Check returned: insufficient funds' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the payment is reversed' })
  @MaxLength(1000)
  reason!: string;

  @ApiProperty({ example: '2026-11-25', description: 'The day the payment bounced.' })
  @IsPastOrCurrentDate()
  reversedOn!: string;
}

export class ApplyCreditDto {
  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Invoices to apply the credit to, in this order; absent: oldest open first.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true, message: 'each of invoiceIds must be the id of an invoice' })
  invoiceIds?: string[];
}

export class RefundCreditDto {
  @ApiProperty({ example: 2500 })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({ example: '2026-11-26' })
  @IsPastOrCurrentDate()
  refundedOn!: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS, { message: `method must be one of: ${PAYMENT_METHODS.join(', ')}` })
  method!: PaymentMethod;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference?: string;
}

export class PaymentListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId?: string;
}

export class CreditQuery {
  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;
}
