import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  MAX_STAGE_KEY_LENGTH,
  MAX_STAGES,
  STAGE_KEY_PATTERN,
  STAGE_OUTCOMES,
  type StageOutcome,
} from '../lead-stage.rules';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

// class-validator runs a property's rules bottom-up and the global pipe stops at the first broken
// one, so each list of rules is written from the most specific (top) to the most basic (bottom).

export class LeadStageDto {
  @ApiProperty({
    example: 'consult-scheduled',
    pattern: STAGE_KEY_PATTERN.source,
    maxLength: MAX_STAGE_KEY_LENGTH,
  })
  @Matches(STAGE_KEY_PATTERN, {
    message:
      'key must be lower-case letters and digits in words joined by hyphens, such as consult-scheduled',
  })
  @MaxLength(MAX_STAGE_KEY_LENGTH, { message: `key must be at most ${MAX_STAGE_KEY_LENGTH} characters` })
  @IsString({ message: 'key must be text' })
  key!: string;

  @ApiProperty({ example: 'Consultation scheduled', maxLength: 100 })
  @MaxLength(100, { message: 'label must be at most 100 characters' })
  @IsNotEmpty({ message: 'label must not be empty' })
  @IsString({ message: 'label must be text' })
  @Transform(trim)
  label!: string;

  @ApiPropertyOptional({
    enum: STAGE_OUTCOMES,
    nullable: true,
    description: 'Marks the hired and the not-hired stage; omit for open stages.',
  })
  @IsOptional()
  @IsIn(STAGE_OUTCOMES, { message: 'outcome must be hired, not-hired or null' })
  outcome?: StageOutcome | null;
}

export class ReplaceLeadStagesDto {
  @ApiProperty({
    type: [LeadStageDto],
    minItems: 3,
    maxItems: MAX_STAGES,
    description:
      'The whole pipeline in order. New leads start at the first stage (no outcome); exactly one stage has ' +
      'outcome hired and one not-hired. A stage that leads are in cannot be removed or change its outcome.',
  })
  @IsObject({ each: true, message: 'stages must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => LeadStageDto)
  @ArrayMaxSize(MAX_STAGES, { message: `stages may list at most ${MAX_STAGES} stages` })
  @ArrayMinSize(3, {
    message: 'stages must list at least an open stage, the hired stage and the not-hired stage',
  })
  @IsArray({ message: 'stages must be a list of stages' })
  stages!: LeadStageDto[];
}

export class LeadStageView {
  @ApiProperty({ example: 'new' }) key!: string;
  @ApiProperty({ example: 'New' }) label!: string;
  @ApiProperty({ enum: STAGE_OUTCOMES, nullable: true, type: String }) outcome!: StageOutcome | null;
}

export class LeadStagesView {
  @ApiProperty({ type: [LeadStageView], description: 'In pipeline order; new leads start at the first.' })
  stages!: LeadStageView[];
}

export class PracticeAreaParams {
  @ApiProperty({ example: 'family-law', maxLength: 100 })
  @MaxLength(100, { message: 'practiceArea must be at most 100 characters' })
  @IsNotEmpty({ message: 'practiceArea must not be empty' })
  @IsString({ message: 'practiceArea must be text' })
  @Transform(trim)
  practiceArea!: string;
}

export class SetRoutingRuleDto {
  @ApiProperty({ description: 'User id of the attorney new leads of this practice area are assigned to.' })
  @MaxLength(100, { message: 'responsibleAttorneyId must be at most 100 characters' })
  @IsNotEmpty({ message: 'responsibleAttorneyId must not be empty' })
  @IsString({ message: 'responsibleAttorneyId must be text' })
  responsibleAttorneyId!: string;
}

export class RoutingRuleView {
  @ApiProperty({ example: 'family-law' }) practiceArea!: string;
  @ApiProperty() responsibleAttorneyId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class RoutingRulesView {
  @ApiProperty({ type: [RoutingRuleView], description: 'By practice area.' }) rules!: RoutingRuleView[];
}
