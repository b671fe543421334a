import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { PageQuery } from '@lawfirm/platform';
import { CONFIDENTIALITY, RELEVANCE } from '../../review/reviews.service';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Query strings carry booleans as words. */
const booleanWord = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const Q_MESSAGE = 'q is required: the words to search for, 1 to 500 characters';
const ISSUE_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/** What to search for and how to narrow it; shared by the search and its bulk tagging. */
export class SearchFiltersDto {
  @ApiProperty({
    maxLength: 500,
    example: 'indemnification -draft "breach of contract"',
    description: 'Words to find (web-search syntax: "quoted phrase", or, -excluded), English stemming.',
  })
  @Transform(trim)
  @IsString({ message: Q_MESSAGE })
  @IsNotEmpty({ message: Q_MESSAGE })
  @MaxLength(500, { message: Q_MESSAGE })
  q!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this matter's documents." })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Only documents collected from this custodian.' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  custodian?: string;

  @ApiPropertyOptional({ example: 'DAMAGES', description: 'Only documents coded with this issue code.' })
  @IsOptionalNotNull()
  @Matches(ISSUE_CODE, { message: 'issueCode must be 1-40 letters, digits, _ . -' })
  issueCode?: string;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY })
  @IsOptionalNotNull()
  @IsIn(CONFIDENTIALITY, { message: `confidentiality must be one of: ${CONFIDENTIALITY.join(', ')}` })
  confidentiality?: (typeof CONFIDENTIALITY)[number];

  @ApiPropertyOptional({ enum: RELEVANCE })
  @IsOptionalNotNull()
  @IsIn(RELEVANCE, { message: `relevance must be one of: ${RELEVANCE.join(', ')}` })
  relevance?: (typeof RELEVANCE)[number];

  @ApiPropertyOptional({ type: Boolean, description: 'Only documents coded (non-)responsive.' })
  @IsOptionalNotNull()
  @Transform(booleanWord)
  @IsBoolean({ message: 'responsive must be true or false' })
  responsive?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only privilege calls; false: none.' })
  @IsOptionalNotNull()
  @Transform(booleanWord)
  @IsBoolean({ message: 'privileged must be true or false' })
  privileged?: boolean;

  @ApiPropertyOptional({
    example: '2026-01-01',
    pattern: DATE.source,
    description: 'Filed on or after (UTC).',
  })
  @IsOptionalNotNull()
  @Matches(DATE, { message: 'filedFrom must be a date YYYY-MM-DD' })
  filedFrom?: string;

  @ApiPropertyOptional({
    example: '2026-12-31',
    pattern: DATE.source,
    description: 'Filed on or before (UTC).',
  })
  @IsOptionalNotNull()
  @Matches(DATE, { message: 'filedTo must be a date YYYY-MM-DD' })
  filedTo?: string;
}

/** The search route's query: the filters and a page. */
export class SearchQuery extends IntersectionType(SearchFiltersDto, PageQuery) {}

/** The tags a bulk tagging adds: at least one. */
export class SearchTagsDto {
  @ApiPropertyOptional({ enum: RELEVANCE })
  @IsOptionalNotNull()
  @IsIn(RELEVANCE, { message: `tags.relevance must be one of: ${RELEVANCE.join(', ')}` })
  relevance?: (typeof RELEVANCE)[number];

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean({ message: 'tags.responsive must be true or false' })
  responsive?: boolean;

  @ApiPropertyOptional({ enum: CONFIDENTIALITY })
  @IsOptionalNotNull()
  @IsIn(CONFIDENTIALITY, { message: `tags.confidentiality must be one of: ${CONFIDENTIALITY.join(', ')}` })
  confidentiality?: (typeof CONFIDENTIALITY)[number];

  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    example: ['HOT'],
    description: 'Added to each document’s own.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ISSUE_CODE, { each: true, message: 'tags.issueCodes must each be 1-40 letters, digits, _ . -' })
  issueCodes?: string[];
}

export class SearchTagDto {
  @ApiProperty({
    type: SearchFiltersDto,
    description: 'The search whose every match is tagged (matterId required).',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => SearchFiltersDto)
  search!: SearchFiltersDto;

  @ApiProperty({ type: SearchTagsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SearchTagsDto)
  tags!: SearchTagsDto;
}
