import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { EXPENSE_CODES } from '../expense-codes';
import { EXPENSE_STATUSES, type ExpenseStatus } from '../expense.entity';
import { isCurrencyCode, isPositiveMinorAmount } from '@lawfirm/primitives';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const CODES = EXPENSE_CODES.map((entry) => entry.code);

function IsMinorAmount(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMinorAmount',
      validator: {
        validate: (value: unknown) => isPositiveMinorAmount(value),
        defaultMessage: () =>
          'amountMinor must be a positive whole number of minor units (e.g. 1250 for USD 12.50)',
      },
    },
    options,
  );
}

function IsCurrency(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCurrency',
      validator: {
        validate: (value: unknown) => isCurrencyCode(value),
        defaultMessage: () => 'currency must be an ISO 4217 currency code in capitals, e.g. USD',
      },
    },
    options,
  );
}

// Strict YYYY-MM-DD first (the events carry a date, not a timestamp), then a real calendar day.
const DATE_FORMAT = { message: 'expenseDate must be a date in the form YYYY-MM-DD' };

export class CreateExpenseDto {
  @ApiProperty({ format: 'uuid', description: 'An open matter of the firm.' })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiProperty({
    example: '2026-11-20',
    description: 'The day the money was spent (YYYY-MM-DD); not in the future.',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_FORMAT)
  @IsDateString({ strict: true }, DATE_FORMAT)
  expenseDate!: string;

  @ApiProperty({ enum: CODES, example: 'E112', description: 'UTBMS expense code.' })
  @IsIn(CODES, { message: 'expenseCode must be a UTBMS expense code, E101 to E124' })
  expenseCode!: string;

  @ApiProperty({ example: 'Filing fee, motion to compel', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'description must say what the money was spent on' })
  @MaxLength(4000)
  description!: string;

  @ApiProperty({
    example: 40000,
    description: 'Integer minor units of `currency` (40000 = USD 400.00); positive.',
  })
  @IsMinorAmount()
  amountMinor!: number;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 currency code.' })
  @IsCurrency()
  currency!: string;

  @ApiPropertyOptional({ description: 'Reference to the receipt in the document service.', maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  receiptDocumentRef?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'billable must be true or false' })
  billable?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "A vendor's cost: the expense is outsourced and passed through at cost.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'vendorId must be the id of a vendor' })
  vendorId?: string;
}

/** Every field optional; `null` clears the receipt or the vendor. */
export class UpdateExpenseDto {
  @ApiPropertyOptional({ example: '2026-11-20' })
  @IsOptionalNotNull()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, DATE_FORMAT)
  @IsDateString({ strict: true }, DATE_FORMAT)
  expenseDate?: string;

  @ApiPropertyOptional({ enum: CODES })
  @IsOptionalNotNull()
  @IsIn(CODES, { message: 'expenseCode must be a UTBMS expense code, E101 to E124' })
  expenseCode?: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'description must say what the money was spent on' })
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ example: 40000 })
  @IsOptionalNotNull()
  @IsMinorAmount()
  amountMinor?: number;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptionalNotNull()
  @IsCurrency()
  currency?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 500 })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  receiptDocumentRef?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean({ message: 'billable must be true or false' })
  billable?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'null: no longer a vendor cost.',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUUID('all', { message: 'vendorId must be the id of a vendor' })
  vendorId?: string | null;
}

export class RejectExpenseDto {
  @ApiProperty({ example: 'No receipt attached.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the expense is rejected' })
  @MaxLength(2000)
  reason!: string;
}

export class ReverseExpenseDto {
  @ApiPropertyOptional({ example: 'Charged to the wrong matter.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ExpenseListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;

  @ApiPropertyOptional({ enum: EXPENSE_STATUSES })
  @IsOptional()
  @IsIn(EXPENSE_STATUSES, { message: `status must be one of: ${EXPENSE_STATUSES.join(', ')}` })
  status?: ExpenseStatus;
}

export class ExpenseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() timekeeperId!: string;
  @ApiProperty({ example: '2026-11-20' }) expenseDate!: string;
  @ApiProperty({ example: 'E112' }) expenseCode!: string;
  @ApiProperty({ example: 'Court fees', description: 'The UTBMS description of the code.' })
  expenseCodeDescription!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Integer minor units of currency; negative only on a reversal.' })
  amountMinor!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) receiptDocumentRef!: string | null;
  @ApiProperty() billable!: boolean;
  @ApiProperty({ description: "A vendor's cost, passed through at cost." }) outsourced!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) vendorId!: string | null;
  @ApiProperty({ enum: EXPENSE_STATUSES }) status!: ExpenseStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) approvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) rejectedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) rejectionReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) billedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) invoiceId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) reversesExpenseId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) reversedByExpenseId!: string | null;
}

export class ExpensePage {
  @ApiProperty({ type: [ExpenseView] }) items!: ExpenseView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReversedExpenseView {
  @ApiProperty({ type: ExpenseView, description: 'The original, now voided.' }) reversed!: ExpenseView;
  @ApiProperty({ type: ExpenseView, description: 'The new approved expense carrying the negative amount.' })
  reversal!: ExpenseView;
}
