import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { CONFIDENTIALITY, PRIVILEGE_TREATMENTS, PRIVILEGE_TYPES, RELEVANCE } from '../review.rules';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A document's coding; a field left out is cleared (PUT replaces the whole coding). */
export class ReviewDto {
  @ApiPropertyOptional({ enum: RELEVANCE })
  @IsOptionalNotNull()
  @IsIn(RELEVANCE, { message: `relevance must be one of: ${RELEVANCE.join(', ')}` })
  relevance?: (typeof RELEVANCE)[number];

  @ApiPropertyOptional({ description: 'Responsive to the requests for production.' })
  @IsOptionalNotNull()
  @IsBoolean()
  responsive?: boolean;

  @ApiPropertyOptional({ enum: PRIVILEGE_TYPES, isArray: true, maxItems: 3 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(PRIVILEGE_TYPES, {
    each: true,
    message: `privilegeTypes must each be one of: ${PRIVILEGE_TYPES.join(', ')}`,
  })
  privilegeTypes?: Array<(typeof PRIVILEGE_TYPES)[number]>;

  @ApiPropertyOptional({ enum: PRIVILEGE_TREATMENTS, description: 'Required with privilegeTypes.' })
  @IsOptionalNotNull()
  @IsIn(PRIVILEGE_TREATMENTS, {
    message: `privilegeTreatment must be one of: ${PRIVILEGE_TREATMENTS.join(', ')}`,
  })
  privilegeTreatment?: (typeof PRIVILEGE_TREATMENTS)[number];

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'What the privilege log says the document is (required with privilegeTypes).',
  })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  privilegeDescription?: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  author?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ example: '2026-03-14', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  @IsOptionalNotNull()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: 'documentDate must be a date YYYY-MM-DD',
  })
  documentDate?: string;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY })
  @IsOptionalNotNull()
  @IsIn(CONFIDENTIALITY, { message: `confidentiality must be one of: ${CONFIDENTIALITY.join(', ')}` })
  confidentiality?: (typeof CONFIDENTIALITY)[number];

  @ApiPropertyOptional({ type: [String], maxItems: 50, example: ['DAMAGES', 'NOTICE'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, {
    each: true,
    message: 'issueCodes must each be 1-40 letters, digits, _ . -',
  })
  issueCodes?: string[];
}

export class BulkReviewDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'documentIds must each be a UUID' })
  documentIds!: string[];

  @ApiProperty({ type: ReviewDto, description: 'The coding every listed document gets (replacing its own).' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReviewDto)
  coding!: ReviewDto;
}
