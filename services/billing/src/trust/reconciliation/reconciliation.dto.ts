import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { IsCalendarDate, IsPastOrCurrentDate } from '@lawfirm/primitives';
import { StatementColumnMappingDto } from '../dto/trust.dto';
import { ReconciliationDifferenceView } from '../dto/trust.view';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ImportStatementDto {
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

  @ApiProperty({ example: '2026-11-01', description: 'First day the statement covers.' })
  @IsCalendarDate()
  periodStart!: string;

  @ApiProperty({ example: '2026-11-30', description: 'Last day the statement covers (not in the future).' })
  @IsPastOrCurrentDate()
  periodEnd!: string;

  @ApiProperty({ example: 530000, description: "The statement's closing balance (minor units, may be 0)." })
  @IsInt({ message: 'closingBalanceMinor must be an integer of minor units' })
  @Min(-1_000_000_000_000_000)
  @Max(1_000_000_000_000_000)
  closingBalanceMinor!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 31, default: 3 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(31)
  dateWindowDays?: number;
}

export class ManualMatchDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 50,
    description: "Entries of the account whose amounts add up to the line's amount.",
  })
  @IsArray({ message: 'entryIds must be a list of entry ids' })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'entryIds must not repeat an entry' })
  @IsUUID('all', { each: true, message: 'each of entryIds must be an entry id' })
  entryIds!: string[];
}

export class DifferenceExplanationDto {
  @ApiProperty({
    example: 'line:6f1c2a3b-5d4e-4f60-8a7b-9c0d1e2f3a4b',
    description: 'The key of a difference of the reconciliation.',
  })
  @IsString()
  @Matches(/^(line|entry|ledger):[0-9a-f-]{36}$|^balances$/, {
    message: 'key must be a difference key (line:<id>, entry:<id>, ledger:<id> or balances)',
  })
  key!: string;

  @ApiProperty({ maxLength: 2000, example: 'Bank fee, reimbursed by the bank on 2026-12-03.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'explanation must say why' })
  @MaxLength(2000)
  explanation!: string;
}

export class SignOffDto {
  @ApiPropertyOptional({
    type: [DifferenceExplanationDto],
    maxItems: 500,
    description: 'Needed when the reconciliation is not balanced: one for every difference listed.',
  })
  @IsOptionalNotNull()
  @IsArray({ message: 'explanations must be a list' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DifferenceExplanationDto)
  explanations?: DifferenceExplanationDto[];
}

export class StatementLineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Row of the file (the header is row 1).' }) row!: number;
  @ApiProperty() date!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) matchedEntryIds!: string[];
  @ApiProperty({ enum: ['auto', 'manual'], nullable: true, type: String }) matchedBy!: string | null;
}

export class StatementView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() closingBalanceMinor!: number;
  @ApiProperty() dateWindowDays!: number;
  @ApiProperty() importedBy!: string;
  @ApiProperty() importedAt!: string;
  @ApiProperty({ type: [StatementLineView] }) lines!: StatementLineView[];
}

export class StoredDifferenceView extends ReconciliationDifferenceView {
  @ApiProperty({
    example: 'line:6f1c2a3b-5d4e-4f60-8a7b-9c0d1e2f3a4b',
    description: 'What an explanation names.',
  })
  key!: string;
  @ApiProperty({ nullable: true, type: String }) explanation!: string | null;
}

export class StoredReconciliationView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null until signed off.' })
  id!: string | null;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ format: 'uuid' }) statementId!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() statementBalanceMinor!: number;
  @ApiProperty() outstandingDepositsMinor!: number;
  @ApiProperty() outstandingChecksMinor!: number;
  @ApiProperty() adjustedBankBalanceMinor!: number;
  @ApiProperty() bookBalanceMinor!: number;
  @ApiProperty() clientLedgersMinor!: number;
  @ApiProperty() firmFundsMinor!: number;
  @ApiProperty() balanced!: boolean;
  @ApiProperty({ type: [StoredDifferenceView] }) differences!: StoredDifferenceView[];
  @ApiProperty({ nullable: true, type: String }) signedOffBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) signedOffAt!: string | null;
}

export class ImportOfxStatementDto {
  @ApiProperty({
    maxLength: 524288,
    description:
      'The bank statement as OFX text: an OFX 1.x (SGML, OFXHEADER:100) or 2.x (XML) file with one bank statement. Its period (BANKTRANLIST DTSTART..DTEND), closing balance (LEDGERBAL) and currency (CURDEF) are read from it.',
  })
  @IsString()
  @IsNotEmpty({ message: 'statementOfx must hold the statement' })
  @MaxLength(524288)
  statementOfx!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 31, default: 3 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(31)
  dateWindowDays?: number;
}
