import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TIMEKEEPER_CLASSIFICATIONS, type TimekeeperClassification } from '@lawfirm/contracts';
import { PageQuery } from '@lawfirm/platform';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const CLASSIFICATION_HELP =
  'LEDES timekeeper classification: PT (Partner), AS (Associate), OC (Of Counsel), PL (Paralegal), LA (Legal Assistant), OT (Other).';
const classificationMessage = `classification must be one of: ${TIMEKEEPER_CLASSIFICATIONS.join(', ')}`;

export class CreateTimekeeperDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: TIMEKEEPER_CLASSIFICATIONS, description: CLASSIFICATION_HELP })
  @IsIn(TIMEKEEPER_CLASSIFICATIONS, { message: classificationMessage })
  classification!: TimekeeperClassification;

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
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    enum: TIMEKEEPER_CLASSIFICATIONS,
    description: `${CLASSIFICATION_HELP} Applies to entries recorded from now on.`,
  })
  @IsOptional()
  @IsIn(TIMEKEEPER_CLASSIFICATIONS, { message: classificationMessage })
  classification?: TimekeeperClassification;

  @ApiPropertyOptional({ description: 'An inactive timekeeper cannot record new time.' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class TimekeeperListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only active (true) or inactive (false) timekeepers.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class TimekeeperView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: TIMEKEEPER_CLASSIFICATIONS }) classification!: TimekeeperClassification;
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
