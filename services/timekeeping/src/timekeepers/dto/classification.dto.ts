import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import {
  CLASSIFICATION_CODE_PATTERN,
  TIMEKEEPER_CLASSIFICATIONS,
  type TimekeeperClassification,
} from '@lawfirm/contracts';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class CreateClassificationDto {
  @ApiProperty({
    example: 'SRASSC',
    pattern: CLASSIFICATION_CODE_PATTERN.source,
    description:
      'The code as it goes on invoices: a letter, then 1–5 letters or digits (upper-cased). Not one of the six built-in codes.',
  })
  @Transform(upper)
  @IsString()
  @Matches(CLASSIFICATION_CODE_PATTERN, {
    message: 'code must be a letter followed by 1 to 5 letters or digits, e.g. SRASSC',
  })
  code!: string;

  @ApiProperty({ example: 'Senior Associate', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'label must not be empty' })
  @MaxLength(100)
  label!: string;

  @ApiProperty({
    enum: TIMEKEEPER_CLASSIFICATIONS,
    description:
      'The LEDES 1998B code this classification reports as where a client accepts only those. Fixed once registered.',
  })
  @IsIn(TIMEKEEPER_CLASSIFICATIONS, {
    message: `ledesCode must be one of: ${TIMEKEEPER_CLASSIFICATIONS.join(', ')}`,
  })
  ledesCode!: TimekeeperClassification;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Who belongs in it, e.g. the source document.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class UpdateClassificationDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'label must not be empty' })
  @MaxLength(100)
  label?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiPropertyOptional({
    description:
      'false retires the code: timekeepers who have it keep it, no one new is given it. true reactivates it.',
  })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  /** Named only to refuse it clearly: entries already recorded reported under the old mapping. */
  @ApiPropertyOptional({ description: 'Cannot change; register a new code instead.', deprecated: true })
  @IsOptionalNotNull()
  @Equals(undefined, {
    message:
      'ledesCode cannot change once registered (recorded time reported under it); register a new code instead',
  })
  ledesCode?: string;
}

export class ClassificationListQuery {
  @ApiPropertyOptional({ description: 'Only active (true) or retired (false) classifications.' })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export class ClassificationView {
  @ApiProperty({ example: 'PT' }) code!: string;
  @ApiProperty({ example: 'Partner' }) label!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: TIMEKEEPER_CLASSIFICATIONS, description: 'The LEDES 1998B code it reports as.' })
  ledesCode!: TimekeeperClassification;
  @ApiProperty({ description: 'One of the six LEDES codes every firm has; not editable.' }) builtIn!: boolean;
  @ApiProperty() active!: boolean;
}

export class ClassificationList {
  @ApiProperty({ type: [ClassificationView], description: 'Built-in codes first, then the firm’s by code.' })
  items!: ClassificationView[];
}

export const MAX_BULK_CLASSIFICATIONS = 200;

/** A list of codes registered in one go, e.g. the LOC revised classifications a firm's clients use. */
export class BulkRegisterClassificationsDto {
  @ApiProperty({ type: [CreateClassificationDto], minItems: 1, maxItems: MAX_BULK_CLASSIFICATIONS })
  @IsArray({ message: 'items must be a list of classifications' })
  @ArrayMinSize(1, { message: 'items must contain at least one classification' })
  @ArrayMaxSize(MAX_BULK_CLASSIFICATIONS, {
    message: `items may contain at most ${MAX_BULK_CLASSIFICATIONS} classifications`,
  })
  @IsObject({ each: true, message: 'items must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => CreateClassificationDto)
  items!: CreateClassificationDto[];
}

export class BulkRegisterResult {
  @ApiProperty({ type: [String], description: 'Codes registered by this call.' }) created!: string[];
  @ApiProperty({ type: [String], description: 'Codes the firm had, whose label or description changed.' })
  updated!: string[];
  @ApiProperty({ type: [String], description: 'Codes the firm already had exactly so.' })
  unchanged!: string[];
}
