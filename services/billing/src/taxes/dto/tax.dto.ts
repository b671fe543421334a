import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { IsCalendarDate } from '@lawfirm/primitives';
import { TAX_SETTING_SCOPES, type TaxSettingScope } from '../tax.entity';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const CODE_MESSAGE =
  'must be 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit';
/** Text that ends up in a LEDES record may not hold its separator or terminator. */
const LEDES_SAFE = /^(?:(?!\||\[\]).)*$/s;
const ledesSafe = (property: string) => ({
  message: `${property} must not contain '|' or '[]' (LEDES separators)`,
});

export class CreateTaxRateDto {
  @ApiProperty({ example: 'UK-VAT', description: 'The tax a setting names; its versions share the code.' })
  @IsString()
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code!: string;

  @ApiProperty({ example: 'UK VAT standard rate', maxLength: 100 })
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    example: 'VAT',
    maxLength: 20,
    description: 'Printed on the invoice and as LEDES LINE_ITEM_TAX_TYPE.',
  })
  @IsString()
  @IsNotEmpty({ message: 'taxType must not be empty' })
  @MaxLength(20)
  @Matches(LEDES_SAFE, ledesSafe('taxType'))
  taxType!: string;

  @ApiProperty({
    example: 2000,
    minimum: 0,
    maximum: 10000,
    description: 'Basis points: 20% is 2000, 8.25% is 825.',
  })
  @IsInt({ message: 'rateBasisPoints must be a whole number of basis points' })
  @Min(0)
  @Max(10000)
  rateBasisPoints!: number;

  @ApiProperty({ description: 'Whether fee lines (time, flat and contingency fees) bear the tax.' })
  @IsBoolean({ message: 'appliesToFees must be true or false' })
  appliesToFees!: boolean;

  @ApiProperty({ description: 'Whether expense lines (disbursements) bear the tax.' })
  @IsBoolean({ message: 'appliesToExpenses must be true or false' })
  appliesToExpenses!: boolean;

  @ApiProperty({ example: 'United Kingdom', maxLength: 100 })
  @IsString()
  @IsNotEmpty({ message: 'jurisdiction must not be empty' })
  @MaxLength(100)
  jurisdiction!: string;

  @ApiPropertyOptional({
    example: 'GB123456789',
    maxLength: 40,
    description: "The firm's registration, printed with the tax.",
  })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'registrationNumber must not be empty' })
  @MaxLength(40)
  registrationNumber?: string;

  @ApiProperty({
    example: '2026-01-01',
    description: 'First day (issue date) the rate applies; a later date schedules a change.',
  })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day the rate applies (inclusive).' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  effectiveTo?: string;
}

export class TaxRateListQuery {
  @ApiPropertyOptional({ example: 'UK-VAT' })
  @IsOptional()
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code?: string;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'Only versions in effect on this day.' })
  @IsOptional()
  @IsCalendarDate()
  activeOn?: string;
}

export class TaxRateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() taxType!: string;
  @ApiProperty({ description: 'Basis points.' }) rateBasisPoints!: number;
  @ApiProperty() appliesToFees!: boolean;
  @ApiProperty() appliesToExpenses!: boolean;
  @ApiProperty() jurisdiction!: string;
  @ApiProperty({ nullable: true, type: String }) registrationNumber!: string | null;
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty({ nullable: true, type: String }) effectiveTo!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TaxRateList {
  @ApiProperty({ type: [TaxRateView] }) items!: TaxRateView[];
}

export class TaxSettingDto {
  @ApiProperty({ description: 'True: the work bears no tax (then no taxCode).' })
  @IsBoolean({ message: 'exempt must be true or false' })
  exempt!: boolean;

  @ApiPropertyOptional({
    example: 'UK-VAT',
    description: 'The tax code that applies (required unless exempt).',
  })
  @IsOptionalNotNull()
  @Matches(CODE, { message: `taxCode ${CODE_MESSAGE}` })
  taxCode?: string;

  @ApiPropertyOptional({ example: 'Client outside the UK: reverse charge', maxLength: 500 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class TaxSettingView {
  @ApiProperty({ enum: TAX_SETTING_SCOPES }) scope!: TaxSettingScope;
  @ApiProperty({ format: 'uuid', description: 'The client or matter id.' }) subjectId!: string;
  @ApiProperty() exempt!: boolean;
  @ApiProperty({ nullable: true, type: String }) taxCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
