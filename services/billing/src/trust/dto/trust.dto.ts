import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import {
  IsCalendarDate,
  IsCurrencyCode,
  IsPastOrCurrentDate,
  IsPositiveMinorAmount,
} from '@lawfirm/primitives';
import { TRUST_ACCOUNT_KINDS, type TrustAccountKind } from '../trust-account.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const TRUST_METHODS = ['check', 'wire', 'ach', 'cash', 'other'] as const;
export type TrustMethod = (typeof TRUST_METHODS)[number];
export const DISBURSEMENT_KINDS = ['refund', 'third-party-payment'] as const;
export type DisbursementKind = (typeof DISBURSEMENT_KINDS)[number];
export const BANK_ITEM_KINDS = ['bank-fee', 'interest'] as const;
export type BankItemKind = (typeof BANK_ITEM_KINDS)[number];

function Text(max: number, message: string): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString()(target, key);
    IsNotEmpty({ message })(target, key);
    MaxLength(max)(target, key);
  };
}

export class CreateTrustAccountDto {
  @ApiProperty({ maxLength: 200, example: 'IOLTA operating trust' })
  @Text(200, 'name must name the account')
  name!: string;

  @ApiProperty({ enum: TRUST_ACCOUNT_KINDS })
  @IsIn(TRUST_ACCOUNT_KINDS, { message: `kind must be one of: ${TRUST_ACCOUNT_KINDS.join(', ')}` })
  kind!: TrustAccountKind;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({ minimum: 0, maximum: 60, description: 'Days a deposit stays uncleared (not disbursable).' })
  @IsInt({ message: 'holdDays must be a whole number of days' })
  @Min(0)
  @Max(60)
  holdDays!: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Text(200, 'bankName must not be empty')
  bankName?: string;

  @ApiPropertyOptional({ pattern: '^[0-9]{4}$', description: 'Last four digits of the bank account.' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[0-9]{4}$/, { message: 'accountLast4 must be four digits' })
  accountLast4?: string;
}

export class UpdateTrustAccountDto {
  @ApiProperty({ minimum: 0, maximum: 60 })
  @IsInt({ message: 'holdDays must be a whole number of days' })
  @Min(0)
  @Max(60)
  holdDays!: number;
}

export class TrustDepositDto {
  @ApiProperty({ format: 'uuid', description: "The matter whose ledger receives the money (the client's)." })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiProperty({ example: 500000 })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: '2026-11-20' })
  @IsPastOrCurrentDate()
  receivedOn!: string;

  @ApiProperty({ maxLength: 300, description: 'Who paid the money in (the client, an insurer, ...).' })
  @Text(300, 'payer must name who paid')
  payer!: string;

  @ApiProperty({ enum: TRUST_METHODS })
  @IsIn(TRUST_METHODS, { message: `method must be one of: ${TRUST_METHODS.join(', ')}` })
  method!: TrustMethod;

  @ApiPropertyOptional({ maxLength: 200, description: 'Check number, wire reference, ...' })
  @IsOptionalNotNull()
  @Text(200, 'reference must not be empty')
  reference?: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Retainer' })
  @IsOptionalNotNull()
  @Text(1000, 'memo must not be empty')
  memo?: string;
}

export class TrustTransferDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiProperty({
    format: 'uuid',
    description: "An issued invoice of the matter's client, in the account's currency.",
  })
  @IsUUID('all', { message: 'invoiceId must be the id of an invoice' })
  invoiceId!: string;

  @ApiProperty({ example: 150000, description: 'At most what is open on the invoice.' })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: '2026-11-25' })
  @IsPastOrCurrentDate()
  transferredOn!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Text(200, 'reference must not be empty')
  reference?: string;
}

export class TrustDisbursementDto {
  @ApiProperty({
    enum: DISBURSEMENT_KINDS,
    description: 'A refund to the client or a payment to a third party on its behalf.',
  })
  @IsIn(DISBURSEMENT_KINDS, { message: `kind must be one of: ${DISBURSEMENT_KINDS.join(', ')}` })
  kind!: DisbursementKind;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiProperty({ example: 25000 })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: '2026-11-25' })
  @IsPastOrCurrentDate()
  paidOn!: string;

  @ApiProperty({ maxLength: 300, description: 'Who is paid (the client, a lien holder, ...).' })
  @Text(300, 'payee must name who is paid')
  payee!: string;

  @ApiProperty({ enum: TRUST_METHODS })
  @IsIn(TRUST_METHODS, { message: `method must be one of: ${TRUST_METHODS.join(', ')}` })
  method!: TrustMethod;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Text(200, 'reference must not be empty')
  reference?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptionalNotNull()
  @Text(1000, 'memo must not be empty')
  memo?: string;
}

export class TrustBankItemDto {
  @ApiProperty({ enum: BANK_ITEM_KINDS, description: "On the firm's own funds line, never a client's." })
  @IsIn(BANK_ITEM_KINDS, { message: `kind must be one of: ${BANK_ITEM_KINDS.join(', ')}` })
  kind!: BankItemKind;

  @ApiProperty({ example: 1500 })
  @IsPositiveMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: '2026-11-30' })
  @IsPastOrCurrentDate()
  entryDate!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Text(200, 'reference must not be empty')
  reference?: string;
}

export class ReverseTrustEntryDto {
  @ApiProperty({ maxLength: 1000, example: 'Deposit recorded on the wrong matter' })
  @Text(1000, 'reason must say why the entry is reversed')
  reason!: string;

  @ApiProperty({ example: '2026-11-26' })
  @IsPastOrCurrentDate()
  reversedOn!: string;
}

export class TrustMinimumDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 1,
    example: 200000,
    description: 'The evergreen minimum of the matter in this account; null removes it.',
  })
  @ValidateIf((_object, value) => value !== null)
  @IsPositiveMinorAmount()
  minimumMinor!: number | null;
}

export class TrustEntryListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'accountId must be the id of a trust account' })
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;
}

export const STATEMENT_DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY'] as const;

export class StatementColumnMappingDto {
  @ApiProperty({ maxLength: 100, description: 'Header of the date column.' })
  @Text(100, 'mapping.date must name a column')
  date!: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'A signed amount column (or debit and credit).' })
  @IsOptionalNotNull()
  @Text(100, 'mapping.amount must name a column')
  amount?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNotNull()
  @Text(100, 'mapping.debit must name a column')
  debit?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNotNull()
  @Text(100, 'mapping.credit must name a column')
  credit?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNotNull()
  @Text(100, 'mapping.description must name a column')
  description?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNotNull()
  @Text(100, 'mapping.reference must name a column')
  reference?: string;

  @ApiProperty({ enum: STATEMENT_DATE_FORMATS })
  @IsIn(STATEMENT_DATE_FORMATS, {
    message: `dateFormat must be one of: ${STATEMENT_DATE_FORMATS.join(', ')}`,
  })
  dateFormat!: (typeof STATEMENT_DATE_FORMATS)[number];
}

export class ReconciliationRequestDto {
  @ApiProperty({ maxLength: 524288, description: 'The bank statement as CSV text with a header row.' })
  @IsString()
  @IsNotEmpty({ message: 'statementCsv must hold the statement' })
  @MaxLength(524288)
  statementCsv!: string;

  @ApiProperty({ type: StatementColumnMappingDto })
  @IsObject({ message: 'mapping must name the columns' })
  @ValidateNested()
  @Type(() => StatementColumnMappingDto)
  mapping!: StatementColumnMappingDto;

  @ApiProperty({ example: '2026-10-31' })
  @IsPastOrCurrentDate()
  periodEnd!: string;

  @ApiProperty({ example: 530000, description: "The statement's closing balance (minor units, may be 0)." })
  @IsInt({ message: 'statementBalanceMinor must be an integer of minor units' })
  @Min(-1_000_000_000_000_000)
  @Max(1_000_000_000_000_000)
  statementBalanceMinor!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 31, default: 3 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(31)
  dateWindowDays?: number;
}

export class TrustReportQuery {
  @ApiProperty({ example: '2026-11-01', description: 'First entry date included.' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'Last entry date included.' })
  @IsCalendarDate()
  to!: string;
}
