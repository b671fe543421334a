import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { CLIENT_KINDS, type ClientKind } from '@lawfirm/contracts';
import { PageQuery } from '@lawfirm/platform';
import { MAX_STAGE_KEY_LENGTH, STAGE_KEY_PATTERN } from '../lead-stage.rules';
import { IsCalendarDate } from '@lawfirm/primitives';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** For PATCH: a field that is present must be valid, and null is not a value (only absent means "unchanged"). */
const present = (_object: object, value: unknown): boolean => value !== undefined;

// class-validator runs a property's rules bottom-up and the global pipe stops at the first broken
// one, so each list of rules is written from the most specific (top) to the most basic (bottom).

export class CreateLeadDto {
  @ApiProperty({ enum: CLIENT_KINDS })
  @IsIn(CLIENT_KINDS, { message: 'kind must be one of: person, company' })
  kind!: ClientKind;

  @ApiProperty({ example: 'Jane Roe', maxLength: 300 })
  @MaxLength(300, { message: 'name must be at most 300 characters' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsString({ message: 'name must be text' })
  @Transform(trim)
  name!: string;

  @ApiPropertyOptional({ example: 'jane@example.test', maxLength: 320 })
  @IsOptional()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Transform(trim)
  email?: string;

  @ApiPropertyOptional({ example: '+1 212 555 0100', maxLength: 50 })
  @IsOptional()
  @MaxLength(50, { message: 'phone must be at most 50 characters' })
  @IsNotEmpty({ message: 'phone must not be empty when given' })
  @IsString({ message: 'phone must be text' })
  @Transform(trim)
  phone?: string;

  @ApiPropertyOptional({ example: 'web-form', maxLength: 100, description: 'Where the lead came from.' })
  @IsOptional()
  @MaxLength(100, { message: 'source must be at most 100 characters' })
  @IsNotEmpty({ message: 'source must not be empty when given' })
  @IsString({ message: 'source must be text' })
  @Transform(trim)
  source?: string;

  @ApiPropertyOptional({
    example: 'family-law',
    maxLength: 100,
    description: 'Routes the lead to an attorney when a rule exists.',
  })
  @IsOptional()
  @MaxLength(100, { message: 'practiceArea must be at most 100 characters' })
  @IsNotEmpty({ message: 'practiceArea must not be empty when given' })
  @IsString({ message: 'practiceArea must be text' })
  @Transform(trim)
  practiceArea?: string;

  @ApiPropertyOptional({ maxLength: 5000, description: 'What the prospect needs, in their words.' })
  @IsOptional()
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  @IsString({ message: 'description must be text' })
  description?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-01' })
  @IsOptional()
  @IsCalendarDate()
  followUpDue?: string;

  @ApiPropertyOptional({
    description: 'User id of the responsible attorney; without it a routing rule may assign one.',
  })
  @IsOptional()
  @MaxLength(100, { message: 'responsibleAttorneyId must be at most 100 characters' })
  @IsNotEmpty({ message: 'responsibleAttorneyId must not be empty when given' })
  @IsString({ message: 'responsibleAttorneyId must be text' })
  responsibleAttorneyId?: string;
}

/** Absent fields stay as they are; `null` clears an optional field. */
export class UpdateLeadDto {
  @ApiPropertyOptional({
    example: 'contacted',
    description: "A stage of the firm's pipeline (not the hired one: use convert).",
  })
  @ValidateIf(present)
  @Matches(STAGE_KEY_PATTERN, { message: 'stage must be a stage key such as contacted' })
  @MaxLength(MAX_STAGE_KEY_LENGTH, { message: `stage must be at most ${MAX_STAGE_KEY_LENGTH} characters` })
  @IsString({ message: 'stage must be text' })
  stage?: string;

  @ApiPropertyOptional({
    description: 'Required when moving the lead to the not-hired stage.',
    maxLength: 2000,
  })
  @ValidateIf(present)
  @MaxLength(2000, { message: 'notHiredReason must be at most 2000 characters' })
  @IsNotEmpty({ message: 'notHiredReason must not be empty' })
  @IsString({ message: 'notHiredReason must be text' })
  @Transform(trim)
  notHiredReason?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, description: 'null clears it.' })
  @IsOptional()
  @IsCalendarDate()
  followUpDue?: string | null;

  @ApiPropertyOptional({ enum: CLIENT_KINDS })
  @ValidateIf(present)
  @IsIn(CLIENT_KINDS, { message: 'kind must be one of: person, company' })
  kind?: ClientKind;

  @ApiPropertyOptional({ maxLength: 300 })
  @ValidateIf(present)
  @MaxLength(300, { message: 'name must be at most 300 characters' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsString({ message: 'name must be text' })
  @Transform(trim)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 320 })
  @IsOptional()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Transform(trim)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50 })
  @IsOptional()
  @MaxLength(50, { message: 'phone must be at most 50 characters' })
  @IsNotEmpty({ message: 'phone must not be empty; use null to clear it' })
  @IsString({ message: 'phone must be text' })
  @Transform(trim)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100 })
  @IsOptional()
  @MaxLength(100, { message: 'source must be at most 100 characters' })
  @IsNotEmpty({ message: 'source must not be empty; use null to clear it' })
  @IsString({ message: 'source must be text' })
  @Transform(trim)
  source?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100 })
  @IsOptional()
  @MaxLength(100, { message: 'practiceArea must be at most 100 characters' })
  @IsNotEmpty({ message: 'practiceArea must not be empty; use null to clear it' })
  @IsString({ message: 'practiceArea must be text' })
  @Transform(trim)
  practiceArea?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 5000 })
  @IsOptional()
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  @IsString({ message: 'description must be text' })
  description?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'User id of the responsible attorney; null unassigns.',
  })
  @IsOptional()
  @MaxLength(100, { message: 'responsibleAttorneyId must be at most 100 characters' })
  @IsNotEmpty({ message: 'responsibleAttorneyId must not be empty; use null to unassign' })
  @IsString({ message: 'responsibleAttorneyId must be text' })
  responsibleAttorneyId?: string | null;
}

export class LeadListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'qualified', description: 'Only leads in this stage.' })
  @IsOptional()
  @Matches(STAGE_KEY_PATTERN, { message: 'stage must be a stage key such as contacted' })
  @MaxLength(MAX_STAGE_KEY_LENGTH, { message: `stage must be at most ${MAX_STAGE_KEY_LENGTH} characters` })
  @IsString({ message: 'stage must be text' })
  stage?: string;

  @ApiPropertyOptional({ description: 'Only leads assigned to this attorney.' })
  @IsOptional()
  @MaxLength(100, { message: 'responsibleAttorneyId must be at most 100 characters' })
  @IsNotEmpty({ message: 'responsibleAttorneyId must not be empty' })
  @IsString({ message: 'responsibleAttorneyId must be text' })
  responsibleAttorneyId?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-12-01',
    description: 'Only leads whose follow-up is due before this day.',
  })
  @IsOptional()
  @IsCalendarDate()
  followUpBefore?: string;
}

export class LeadView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CLIENT_KINDS }) kind!: ClientKind;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
  @ApiProperty({ nullable: true, type: String }) practiceArea!: string | null;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({
    example: 'new',
    description: "Key of a stage of the firm's pipeline (GET /v1/lead-stages).",
  })
  stage!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) followUpDue!: string | null;
  @ApiProperty({ nullable: true, type: String }) responsibleAttorneyId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Set by conversion.' })
  clientId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Set by conversion.' })
  matterId!: string | null;
  @ApiProperty({ nullable: true, type: String }) notHiredReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class LeadPage {
  @ApiProperty({ type: [LeadView] }) items!: LeadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
