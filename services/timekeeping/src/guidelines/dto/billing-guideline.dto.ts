import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { ALLOWED_INCREMENT_MINUTES } from '../guideline.rules';
import type { GuidelineMode, GuidelineRules } from '../guideline.types';

export const GUIDELINE_MODES: readonly GuidelineMode[] = ['warn', 'block'];
const MAX_LIST_ITEMS = 500;

const trimEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;

// class-validator runs a property's rules bottom-up and the global pipe stops at the first broken
// one, so each list of rules is written from the most specific (top) to the most basic (bottom).
export class GuidelineRulesDto implements GuidelineRules {
  @ApiPropertyOptional({
    enum: ALLOWED_INCREMENT_MINUTES,
    default: 6,
    description:
      'Billing increment in minutes (6 = 0.1 h, 15 = 0.25 h). Billed time rounds up to it, then up to a whole tenth.',
  })
  @IsOptionalNotNull()
  @IsIn(ALLOWED_INCREMENT_MINUTES, {
    message: `minIncrementMinutes must be one of: ${ALLOWED_INCREMENT_MINUTES.join(', ')}`,
  })
  @IsInt({ message: 'minIncrementMinutes must be a whole number of minutes' })
  minIncrementMinutes?: number;

  @ApiPropertyOptional({
    minimum: 0.5,
    maximum: 24,
    example: 10,
    description: 'Most hours one timekeeper may bill the client per day.',
  })
  @IsOptionalNotNull()
  @Max(24, { message: 'maxHoursPerDay must be at most 24' })
  @Min(0.5, { message: 'maxHoursPerDay must be at least 0.5' })
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'maxHoursPerDay must be a number of hours (e.g. 10 or 7.5)' },
  )
  maxHoursPerDay?: number;

  @ApiPropertyOptional({ description: 'Every entry needs a UTBMS task code.' })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'requireTaskCode must be true or false' })
  requireTaskCode?: boolean;

  @ApiPropertyOptional({
    description: 'Entries that describe several tasks in one narrative are not accepted.',
  })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'forbidBlockBilling must be true or false' })
  forbidBlockBilling?: boolean;

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    description: 'Only these timekeepers may bill the client. Omit it to allow every timekeeper.',
  })
  @IsOptionalNotNull()
  @ArrayUnique({ message: 'approvedTimekeeperIds must not name a timekeeper twice' })
  @MaxLength(100, { each: true, message: 'approvedTimekeeperIds entries must be at most 100 characters' })
  @IsNotEmpty({ each: true, message: 'approvedTimekeeperIds must not contain empty ids' })
  @IsString({ each: true, message: 'approvedTimekeeperIds must contain only timekeeper ids (text)' })
  @ArrayMaxSize(MAX_LIST_ITEMS, {
    message: `approvedTimekeeperIds may name at most ${MAX_LIST_ITEMS} timekeepers`,
  })
  @ArrayNotEmpty({
    message: 'approvedTimekeeperIds must name at least one timekeeper; omit it to allow every timekeeper',
  })
  @IsArray({ message: 'approvedTimekeeperIds must be a list of timekeeper ids' })
  @Transform(trimEach)
  approvedTimekeeperIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['scheduled', 'organized files', 'photocop'],
    description: 'Phrases that mark clerical work (matched case-insensitively where a word starts).',
  })
  @IsOptionalNotNull()
  @MaxLength(200, { each: true, message: 'clericalPhrases entries must be at most 200 characters' })
  @IsNotEmpty({ each: true, message: 'clericalPhrases must not contain empty phrases' })
  @IsString({ each: true, message: 'clericalPhrases must contain only text' })
  @ArrayMaxSize(MAX_LIST_ITEMS, { message: `clericalPhrases may contain at most ${MAX_LIST_ITEMS} phrases` })
  @IsArray({ message: 'clericalPhrases must be a list of phrases' })
  @Transform(trimEach)
  clericalPhrases?: string[];

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 500,
    example: 20,
    description: 'Narratives shorter than this many characters are not accepted.',
  })
  @IsOptionalNotNull()
  @Max(500, { message: 'minNarrativeLength must be at most 500' })
  @Min(0, { message: 'minNarrativeLength must be at least 0' })
  @IsInt({ message: 'minNarrativeLength must be a whole number of characters' })
  minNarrativeLength?: number;
}

export class PutBillingGuidelineDto {
  @ApiProperty({
    enum: GUIDELINE_MODES,
    description: 'warn: findings are shown on the entry; block: an entry with findings cannot be submitted.',
  })
  @IsIn(GUIDELINE_MODES, { message: `mode must be one of: ${GUIDELINE_MODES.join(', ')}` })
  mode!: GuidelineMode;

  @ApiProperty({
    type: GuidelineRulesDto,
    description: 'The complete rules of the new version (rules left out are off).',
  })
  @ValidateNested()
  @Type(() => GuidelineRulesDto)
  @IsObject({ message: 'rules must be an object of guideline rules' })
  rules!: GuidelineRulesDto;
}

export class GuidelineRulesView implements GuidelineRules {
  @ApiPropertyOptional({ enum: ALLOWED_INCREMENT_MINUTES }) minIncrementMinutes?: number;
  @ApiPropertyOptional() maxHoursPerDay?: number;
  @ApiPropertyOptional() requireTaskCode?: boolean;
  @ApiPropertyOptional() forbidBlockBilling?: boolean;
  @ApiPropertyOptional({ type: [String] }) approvedTimekeeperIds?: string[];
  @ApiPropertyOptional({ type: [String] }) clericalPhrases?: string[];
  @ApiPropertyOptional() minNarrativeLength?: number;
}

export class BillingGuidelineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ example: 2, description: 'Versions count up from 1; a change is a new version.' })
  version!: number;
  @ApiProperty({ enum: GUIDELINE_MODES }) mode!: GuidelineMode;
  @ApiProperty({ type: GuidelineRulesView }) rules!: GuidelineRules;
  @ApiProperty({ description: 'Who recorded this version.' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class BillingGuidelinePage {
  @ApiProperty({ type: [BillingGuidelineView] }) items!: BillingGuidelineView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** One guideline finding on an entry. */
export class ViolationView {
  @ApiProperty({ example: 'block-billing' }) rule!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: ['warning', 'blocking'] }) severity!: 'warning' | 'blocking';
}
