import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { IsCalendarDate, IsCurrencyCode, IsPositiveMinorAmount } from '@lawfirm/primitives';
import { RATE_SCOPES, type RateScope } from '../rates.rules';

const ACTIVITY_CODE = /^A\d{3}$/;

export class CreateRateRuleDto {
  @ApiProperty({
    enum: RATE_SCOPES,
    description:
      'Precedence, highest first: matter-timekeeper > matter > client > activity > timekeeper (the default rate).',
  })
  @IsIn(RATE_SCOPES, { message: `scope must be one of: ${RATE_SCOPES.join(', ')}` })
  scope!: RateScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'For matter-timekeeper and matter rules.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For client rules.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId?: string;

  @ApiPropertyOptional({ description: 'For matter-timekeeper and timekeeper rules.', maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  timekeeperId?: string;

  @ApiPropertyOptional({ example: 'A103', description: 'For activity rules: a UTBMS activity code.' })
  @IsOptionalNotNull()
  @Matches(ACTIVITY_CODE, { message: 'activityCode must be a UTBMS activity code such as A103' })
  activityCode?: string;

  @ApiProperty({ example: 45000, description: 'Hourly rate in integer minor units (45000 = USD 450.00).' })
  @IsPositiveMinorAmount()
  rateMinor!: number;

  @ApiProperty({ example: 'USD' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({
    example: '2027-01-01',
    description: 'First day the rate applies; a later date schedules an increase.',
  })
  @IsCalendarDate()
  effectiveFrom!: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Last day the rate applies (inclusive).' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  effectiveTo?: string;
}

export class EndRateRuleDto {
  @ApiProperty({ example: '2026-12-31', description: 'The last day the rule applies (inclusive).' })
  @IsCalendarDate()
  lastDay!: string;
}

export class RateRuleListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RATE_SCOPES })
  @IsOptional()
  @IsIn(RATE_SCOPES, { message: `scope must be one of: ${RATE_SCOPES.join(', ')}` })
  scope?: RateScope;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId?: string;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'Only rules in effect on this day.' })
  @IsOptional()
  @IsCalendarDate()
  activeOn?: string;
}

export class RateRuleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RATE_SCOPES }) scope!: RateScope;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) matterId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId!: string | null;
  @ApiProperty({ nullable: true, type: String }) timekeeperId!: string | null;
  @ApiProperty({ nullable: true, type: String }) activityCode!: string | null;
  @ApiProperty({ description: 'Hourly, integer minor units.' }) rateMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty({ nullable: true, type: String }) effectiveTo!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RateRulePage {
  @ApiProperty({ type: [RateRuleView] }) items!: RateRuleView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
