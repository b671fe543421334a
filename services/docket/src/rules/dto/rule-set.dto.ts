import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsCourtDate } from '../../court-date';

const CODE = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** A "what if": one rule's deadline from a date, computed and explained, nothing saved. */
export class ComputeDeadlineDto {
  @ApiProperty({
    example: 'frcp',
    description: 'A rule set id (GET /v1/rule-sets); the version in force on triggerDate is used.',
  })
  @Matches(CODE, { message: 'ruleSetId must be a rule set id such as frcp' })
  ruleSetId!: string;

  @ApiProperty({ example: 'frcp-interrogatory-responses' })
  @Matches(CODE, { message: 'ruleCode must be a rule code such as frcp-answer' })
  ruleCode!: string;

  @ApiProperty({ example: '2026-10-27', description: 'The date the period runs from (YYYY-MM-DD).' })
  @IsCourtDate()
  triggerDate!: string;

  @ApiPropertyOptional({ example: '16:30', description: 'HH:MM; only for periods stated in hours.' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'triggerTime must be a time written HH:MM' })
  triggerTime?: string;

  @ApiPropertyOptional({
    example: 'mail',
    description: 'How the triggering paper was served (a method of the rule set).',
  })
  @IsOptional()
  @Matches(CODE, { message: 'serviceMethod must be a service method code such as mail' })
  serviceMethod?: string;
}

export class ExplanationLineView {
  @ApiProperty({ enum: ['trigger', 'rule', 'count', 'skip', 'roll', 'extension', 'calendar', 'result'] })
  step!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ example: '2026-11-26' }) date?: string;
}

export class ComputedDeadlineView {
  @ApiProperty({ example: 'frcp' }) ruleSetId!: string;
  @ApiProperty() ruleSetVersion!: number;
  @ApiProperty() ruleCode!: string;
  @ApiProperty({ example: '2026-11-30' }) dueDate!: string;
  @ApiPropertyOptional({ example: '16:30' }) dueTime?: string;
  @ApiProperty({ type: [ExplanationLineView] }) explanation!: ExplanationLineView[];
}

export class NamedCodeView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class ServiceMethodView extends NamedCodeView {
  @ApiPropertyOptional({
    description: 'Extra time this method adds where a rule allows it, e.g. "3 days (FRCP 6(d))".',
  })
  extension?: string;
}

export class RuleView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() citation!: string;
  @ApiPropertyOptional({ description: 'The trigger event the rule counts from.' }) triggerEvent?: string;
  @ApiPropertyOptional({ description: 'The rule whose deadline this one counts from (a chain).' })
  triggerRule?: string;
  @ApiProperty({ example: 21 }) periodAmount!: number;
  @ApiProperty({ enum: ['days', 'court-days', 'hours'] }) periodUnit!: string;
  @ApiProperty({ enum: ['after', 'before'] }) direction!: string;
  @ApiProperty() serviceExtension!: boolean;
  @ApiPropertyOptional() note?: string;
}

export class RuleSetView {
  @ApiProperty({ example: 'frcp' }) id!: string;
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'US' }) jurisdiction!: string;
  @ApiProperty({ example: '2016-12-01' }) effectiveFrom!: string;
  @ApiPropertyOptional({ example: '2030-12-01' }) effectiveTo?: string;
  @ApiProperty({ example: 'FRCP 6(a)' }) countingCitation!: string;
  @ApiProperty({ example: 'us-federal' }) holidayCalendarId!: string;
  @ApiProperty() holidayCalendarVersion!: number;
  @ApiProperty({ type: [NamedCodeView] }) triggerEvents!: NamedCodeView[];
  @ApiProperty({ type: [ServiceMethodView] }) serviceMethods!: ServiceMethodView[];
  @ApiProperty({ type: [RuleView] }) rules!: RuleView[];
}

export class RuleSetList {
  @ApiProperty({ type: [RuleSetView] }) items!: RuleSetView[];
}

export class HolidayYearQuery {
  @ApiProperty({ example: 2026, minimum: 1900, maximum: 2199 })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(1900, { message: 'year must be 1900 or later' })
  @Max(2199, { message: 'year must be 2199 or earlier' })
  year!: number;
}

export class HolidayView {
  @ApiProperty({ example: '2026-07-03', description: 'The day the court is closed.' }) date!: string;
  @ApiProperty({ example: 'Independence Day' }) name!: string;
  @ApiPropertyOptional({
    example: '2026-07-04',
    description: 'The actual date, when this is an observed day.',
  })
  observedFor?: string;
}

export class ClosureDayView {
  @ApiProperty({ example: '2026-12-24' }) date!: string;
  @ApiProperty() reason!: string;
}

export class CourtYearView {
  @ApiProperty({ example: 'frcp' }) ruleSetId!: string;
  @ApiProperty() ruleSetVersion!: number;
  @ApiProperty({ example: 'us-federal' }) calendarId!: string;
  @ApiProperty() calendarVersion!: number;
  @ApiProperty() calendarName!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ type: [HolidayView] }) holidays!: HolidayView[];
  @ApiProperty({
    type: [ClosureDayView],
    description: "Days the firm declared the clerk's office inaccessible.",
  })
  closures!: ClosureDayView[];
}
