import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import {
  CLASSIFICATION_CODE_PATTERN,
  TIMEKEEPER_CLASSIFICATIONS,
  type TimekeeperClassification,
} from '@lawfirm/contracts';
import { PageQuery } from '@lawfirm/platform';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const CLASSIFICATION_HELP =
  'LEDES timekeeper classification: PT (Partner), AS (Associate), OC (Of Counsel), PL (Paralegal), LA (Legal Assistant), OT (Other), ' +
  'or a code the firm registered (GET /v1/timekeeper-classifications).';
const classificationMessage =
  'classification must be a code such as PT, AS, OC, PL, LA, OT or one the firm registered';

export class CreateTimekeeperDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'AS',
    pattern: CLASSIFICATION_CODE_PATTERN.source,
    description: CLASSIFICATION_HELP,
  })
  @Transform(upper)
  @IsString({ message: classificationMessage })
  @Matches(CLASSIFICATION_CODE_PATTERN, { message: classificationMessage })
  classification!: string;

  @ApiPropertyOptional({
    description:
      'The gateway user this profile belongs to; their time is recorded under it. One profile per user.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'userId must not be empty' })
  @MaxLength(200)
  userId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The vendor organisation this person works for (LPO staff): their time counts as outsourced.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'vendorId must be the id of a vendor organisation' })
  vendorId?: string;
}

export class UpdateTimekeeperDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: 'PT',
    pattern: CLASSIFICATION_CODE_PATTERN.source,
    description: `${CLASSIFICATION_HELP} Applies to entries recorded from now on.`,
  })
  @IsOptionalNotNull()
  @Transform(upper)
  @IsString({ message: classificationMessage })
  @Matches(CLASSIFICATION_CODE_PATTERN, { message: classificationMessage })
  classification?: string;

  @ApiPropertyOptional({ description: 'An inactive timekeeper cannot record new time.' })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class TimekeeperListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) timekeepers.' })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class TimekeeperView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'AS', description: 'A LEDES code or one the firm registered.' })
  classification!: string;
  @ApiProperty({
    enum: TIMEKEEPER_CLASSIFICATIONS,
    description: 'The LEDES 1998B code the classification reports as.',
  })
  ledesClassification!: TimekeeperClassification;
  @ApiPropertyOptional({ nullable: true, type: String }) userId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) vendorId!: string | null;
  @ApiProperty({ description: 'Vendor staff: their time entries are marked outsourced.' })
  outsourced!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TimekeeperPage {
  @ApiProperty({ type: [TimekeeperView] }) items!: TimekeeperView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
