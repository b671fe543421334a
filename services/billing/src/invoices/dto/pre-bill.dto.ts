import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { IsCalendarDate, IsCurrencyCode, IsPositiveMinorAmount } from '@lawfirm/primitives';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from '../invoice-line.entity';
import { INVOICE_STATUSES, type DiscountKind, type InvoiceStatus } from '../invoice.entity';
import { NUMBER_SERIES } from '../number-series.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const PERCENT = { maxDecimalPlaces: 2 };
const PERCENT_MESSAGE = { message: 'percent must be a number with at most two decimals' };

export class CreatePreBillDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bill one matter (give matterId or clientId).' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Bill every matter of one client on one invoice.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId?: string;

  @ApiPropertyOptional({
    example: '2026-11-01',
    description: 'First work date to bill; absent = all earlier work.',
  })
  @IsOptionalNotNull()
  @IsCalendarDate()
  periodStart?: string;

  @ApiProperty({ example: '2026-11-30', description: 'Last work date to bill.' })
  @IsCalendarDate()
  periodEnd!: string;

  @ApiProperty({ example: 'USD', description: 'The bill currency: rates and expenses in it are billed.' })
  @IsCurrencyCode()
  currency!: string;
}

export class AdjustmentDto {
  @ApiProperty({
    enum: ADJUSTMENT_KINDS,
    description:
      'percent-discount (percent), amount-discount (amountMinor), set-amount (amountMinor: a write-down or write-up), write-off.',
  })
  @IsIn(ADJUSTMENT_KINDS, { message: `kind must be one of: ${ADJUSTMENT_KINDS.join(', ')}` })
  kind!: AdjustmentKind;

  @ApiPropertyOptional({ example: 10, description: 'For percent-discount: 0.01 to 100.' })
  @IsOptionalNotNull()
  @IsNumber(PERCENT, PERCENT_MESSAGE)
  @Min(0.01)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({
    example: 5000,
    description: 'For amount-discount and set-amount: integer minor units.',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'amountMinor must be a whole number of minor units' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amountMinor?: number;

  @ApiProperty({ example: 'Courtesy discount agreed with the client', maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the line changes' })
  @MaxLength(1000)
  reason!: string;
}

export class EditLineDto {
  @ApiPropertyOptional({
    maxLength: 4000,
    description: "The bill's narrative (the time entry itself never changes).",
  })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  narrative?: string;

  @ApiPropertyOptional({ type: AdjustmentDto, nullable: true, description: 'null clears the adjustment.' })
  @IsOptional()
  @IsObject({ message: 'adjustment must be an object' })
  @ValidateNested()
  @Type(() => AdjustmentDto)
  adjustment?: AdjustmentDto | null;
}

export class InvoiceDiscountDto {
  @ApiProperty({ enum: ['percent', 'amount'] })
  @IsIn(['percent', 'amount'], { message: 'kind must be percent or amount' })
  kind!: DiscountKind;

  @ApiPropertyOptional({ example: 5 })
  @IsOptionalNotNull()
  @IsNumber(PERCENT, PERCENT_MESSAGE)
  @Min(0.01)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ example: 10000 })
  @IsOptionalNotNull()
  @IsPositiveMinorAmount()
  amountMinor?: number;

  @ApiProperty({ maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the bill is discounted' })
  @MaxLength(1000)
  reason!: string;
}

export class EditPreBillDto {
  @ApiPropertyOptional({
    type: InvoiceDiscountDto,
    nullable: true,
    description: 'A discount on the fees of the whole bill (never on disbursements); null clears it.',
  })
  @IsOptional()
  @IsObject({ message: 'discount must be an object' })
  @ValidateNested()
  @Type(() => InvoiceDiscountDto)
  discount?: InvoiceDiscountDto | null;
}

export class AddFlatFeeDto {
  @ApiPropertyOptional({
    example: 250000,
    description: "Absent: the matter's flat fee from its billing terms.",
  })
  @IsOptionalNotNull()
  @IsPositiveMinorAmount()
  amountMinor?: number;

  @ApiProperty({ example: 'Flat fee: motion to dismiss', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description!: string;

  @ApiPropertyOptional({
    example: 'L200',
    description:
      "A phase (UTBMS task code): the fee covers that phase's time lines; absent = all the matter's time.",
  })
  @IsOptionalNotNull()
  @Matches(/^[A-Z]\d{3}$/, { message: 'phase must be a UTBMS task code such as L200' })
  phase?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Which matter, on a bill to a client across matters.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;
}

export const CONTINGENCY_STAGES = ['settlement', 'trial', 'appeal'] as const;
export type ContingencyStage = (typeof CONTINGENCY_STAGES)[number];

export class AddContingencyDto {
  @ApiProperty({ example: 10000000, description: 'The recovery, integer minor units of the bill currency.' })
  @IsPositiveMinorAmount()
  recoveryMinor!: number;

  @ApiProperty({ enum: CONTINGENCY_STAGES, description: "Which of the arrangement's percentages applies." })
  @IsIn(CONTINGENCY_STAGES, { message: `stage must be one of: ${CONTINGENCY_STAGES.join(', ')}` })
  stage!: ContingencyStage;

  @ApiPropertyOptional({ format: 'uuid', description: 'Which matter, on a bill to a client across matters.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;
}

export class CreditNoteDto {
  @ApiPropertyOptional({
    example: 5000,
    description: 'Absent: everything still open (with excessToClientCredit, everything not yet credited).',
  })
  @IsOptionalNotNull()
  @IsPositiveMinorAmount()
  amountMinor?: number;

  @ApiProperty({ maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the invoice is credited' })
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'Credit money already paid: the part of the credit note beyond the open amount comes off the ' +
      "invoice's payments and becomes the client's credit. Without it a credit note may not exceed what is open.",
  })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'excessToClientCredit must be true or false' })
  excessToClientCredit?: boolean;
}

export class VoidInvoiceDto {
  @ApiProperty({ maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the invoice is voided' })
  @MaxLength(1000)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'Credit money already paid: the part of the credit note beyond the open amount comes off the ' +
      "invoice's payments and becomes the client's credit. Without it a credit note may not exceed what is open.",
  })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'excessToClientCredit must be true or false' })
  excessToClientCredit?: boolean;
}

export class InvoiceListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional()
  @IsIn(INVOICE_STATUSES, { message: `status must be one of: ${INVOICE_STATUSES.join(', ')}` })
  status?: InvoiceStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;
}

export class ContingencyTermsDto {
  @ApiProperty({ example: 33.33 })
  @IsNumber(PERCENT, { message: 'settlementPercent must be a number with at most two decimals' })
  @Min(0.01)
  @Max(100)
  settlementPercent!: number;

  @ApiPropertyOptional({ example: 40 })
  @IsOptionalNotNull()
  @IsNumber(PERCENT, { message: 'trialPercent must be a number with at most two decimals' })
  @Min(0.01)
  @Max(100)
  trialPercent?: number;

  @ApiPropertyOptional({ example: 45 })
  @IsOptionalNotNull()
  @IsNumber(PERCENT, { message: 'appealPercent must be a number with at most two decimals' })
  @Min(0.01)
  @Max(100)
  appealPercent?: number;

  @ApiProperty({ enum: ['before-fee', 'after-fee'] })
  @IsIn(['before-fee', 'after-fee'], { message: 'expensesDeducted must be before-fee or after-fee' })
  expensesDeducted!: 'before-fee' | 'after-fee';
}

export class VendorMarkupDto {
  @ApiProperty({
    example: 15,
    description: 'Markup on vendor time billed as a fee, as disclosed to the client.',
  })
  @IsNumber(PERCENT, PERCENT_MESSAGE)
  @Min(0)
  @Max(1000)
  percent!: number;

  @ApiProperty({ example: 'Engagement letter of 2026-03-01, section 4', maxLength: 1000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'disclosure must say where the client was told' })
  @MaxLength(1000)
  disclosure!: string;
}

export class BillingTermsDto {
  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiPropertyOptional({
    example: 250000,
    type: Number,
    nullable: true,
    description: 'The flat fee, integer minor units; null: none.',
  })
  @IsOptional()
  @IsPositiveMinorAmount()
  flatFeeMinor?: number | null;

  @ApiPropertyOptional({ type: ContingencyTermsDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'contingency must be an object' })
  @ValidateNested()
  @Type(() => ContingencyTermsDto)
  contingency?: ContingencyTermsDto | null;

  @ApiPropertyOptional({ type: VendorMarkupDto, nullable: true })
  @IsOptional()
  @IsObject({ message: 'vendorMarkup must be an object' })
  @ValidateNested()
  @Type(() => VendorMarkupDto)
  vendorMarkup?: VendorMarkupDto | null;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 365,
    example: 30,
    nullable: true,
    description: 'Days from issue to due date (0-365); absent or null: 30.',
  })
  @IsOptional()
  @IsInt({ message: 'paymentTermsDays must be a whole number of days' })
  @Min(0)
  @Max(365)
  paymentTermsDays?: number | null;
}

export class FirmBillingTermsDto {
  @ApiProperty({
    minimum: 0,
    maximum: 365,
    example: 30,
    description: 'Days from issue to due date for a matter whose billing terms name none.',
  })
  @IsInt({ message: 'paymentTermsDays must be a whole number of days' })
  @Min(0, { message: 'paymentTermsDays must be 0 to 365' })
  @Max(365, { message: 'paymentTermsDays must be 0 to 365' })
  paymentTermsDays!: number;
}

export class FirmBillingTermsView {
  @ApiProperty({ example: 30 }) paymentTermsDays!: number;
  @ApiProperty({ description: 'True while the firm has set none (30 days).' }) isDefault!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt!: string | null;
}

export class NumberingDto {
  @ApiProperty({ example: 'INV-2026-', description: 'Letters, digits and - / _ . (up to 20).' })
  @Matches(/^[A-Za-z0-9\-/_.]{0,20}$/, { message: 'prefix must be up to 20 letters, digits or - / _ .' })
  prefix!: string;

  @ApiProperty({ example: 6, description: 'Digits the sequence is zero-padded to (1 to 12).' })
  @IsInt({ message: 'padding must be a whole number from 1 to 12' })
  @Min(1)
  @Max(12)
  padding!: number;
}

export class NumberingView {
  @ApiProperty({ enum: NUMBER_SERIES }) series!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty() padding!: number;
  @ApiProperty({ description: 'The number the next document of the series gets.' }) nextNumber!: string;
}
