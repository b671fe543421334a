import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { IsCalendarDate } from '@lawfirm/primitives';
import { IsCourtDate } from '../../court-date';

const CODE = /^[a-z0-9][a-z0-9-]{0,99}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateTriggerDto {
  @ApiProperty({
    example: 'frcp',
    description: 'A rule set id (GET /v1/rule-sets); the version in force on triggerDate applies.',
  })
  @Matches(CODE, { message: 'ruleSetId must be a rule set id such as frcp' })
  ruleSetId!: string;

  @ApiProperty({ example: 'interrogatories-served', description: 'One of the rule set’s trigger events.' })
  @Matches(CODE, { message: 'triggerEvent must be a trigger event code such as complaint-served' })
  triggerEvent!: string;

  @ApiProperty({ example: '2026-10-27', description: 'The day the event happened (YYYY-MM-DD).' })
  @IsCourtDate()
  triggerDate!: string;

  @ApiPropertyOptional({
    example: 'mail',
    description: 'How the triggering paper was served: one of the rule set’s methods.',
  })
  @IsOptional()
  @Matches(CODE, { message: 'serviceMethod must be a service method code such as mail' })
  serviceMethod?: string;

  @ApiPropertyOptional({
    example: 'Defendant Acme Corp.',
    maxLength: 300,
    description: 'Whom the event concerns.',
  })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  party?: string;

  @ApiPropertyOptional({ example: 'First set of interrogatories from plaintiff', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/** A change of the event's date or of how it was served; every dependent deadline is recomputed. */
export class UpdateTriggerDto {
  @ApiPropertyOptional({ example: '2026-10-28' })
  @IsOptionalNotNull()
  @IsCourtDate()
  triggerDate?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'personal',
    description: 'null: no method given.',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @Matches(CODE, { message: 'serviceMethod must be a service method code such as mail' })
  serviceMethod?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 2000 })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class OverrideDeadlineDto {
  @ApiProperty({
    example: '2026-12-04',
    description: 'The date in force from now on (e.g. set by a court order or a stipulation).',
  })
  @IsCourtDate()
  dueDate!: string;

  @ApiProperty({ example: 'Stipulated extension, order of 2026-11-20', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the date is set by hand' })
  @MaxLength(2000)
  reason!: string;
}

export class ReviewDeadlineDto {
  @ApiProperty({
    enum: ['keep', 'accept-computed'],
    description: 'keep: the date in force stays; accept-computed: take the date the rules now give.',
  })
  @IsIn(['keep', 'accept-computed'], { message: 'decision must be keep or accept-computed' })
  decision!: 'keep' | 'accept-computed';
}

export class DeadlineRangeQuery extends PageQuery {
  @ApiProperty({ example: '2026-11-01', description: 'Deadlines due on or after this day.' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2026-12-31',
    description: 'Deadlines due on or before this day (at most 366 days after from).',
  })
  @IsCalendarDate()
  to!: string;
}

export class ClosureRangeQuery {
  @ApiProperty({ example: '2026-01-01' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  to!: string;
}

export class ExplanationLineView {
  @ApiProperty({ enum: ['trigger', 'rule', 'count', 'skip', 'roll', 'extension', 'calendar', 'result'] })
  step!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ example: '2026-11-26' }) date?: string;
}

export class DeadlineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ format: 'uuid' }) triggerId!: string;
  @ApiProperty({ example: 'frcp-interrogatory-responses' }) ruleCode!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The rule this one is chained to.' })
  parentRuleCode!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'FRCP 33(b)(2)' }) citation!: string;
  @ApiProperty({ example: '2026-11-30', description: 'What the rules give.' }) computedDate!: string;
  @ApiProperty({ example: '2026-11-30', description: 'The date in force (computed unless set by hand).' })
  dueDate!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '16:30' }) dueTime!: string | null;
  @ApiProperty({ enum: ['open', 'done'] }) status!: string;
  @ApiProperty() overridden!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) overrideReason!: string | null;
  @ApiProperty({ description: 'A recalculation would have moved this completed or hand-set deadline.' })
  needsReview!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) reviewNote!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ type: [ExplanationLineView] }) explanation!: ExplanationLineView[];
}

export class DeadlinePage {
  @ApiProperty({ type: [DeadlineView] }) items!: DeadlineView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class TriggerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ example: 'frcp' }) ruleSetId!: string;
  @ApiProperty() ruleSetVersion!: number;
  @ApiProperty() triggerEvent!: string;
  @ApiProperty({ example: '2026-10-27' }) triggerDate!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) serviceMethod!: string | null;
  @ApiProperty({ description: "'' when the event concerns the matter as a whole." }) party!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TriggerPage {
  @ApiProperty({ type: [TriggerView] }) items!: TriggerView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MovedDeadlineView {
  @ApiProperty({ type: DeadlineView }) deadline!: DeadlineView;
  @ApiProperty({ example: '2026-11-27' }) from!: string;
  @ApiProperty({ example: '2026-11-30' }) to!: string;
}

export class FlaggedDeadlineView {
  @ApiProperty({ type: DeadlineView, description: 'Its date in force did not move.' })
  deadline!: DeadlineView;
  @ApiProperty({ example: '2026-11-27', description: 'What the rules gave before.' }) computedFrom!: string;
  @ApiProperty({ example: '2026-11-30', description: 'What the rules give now.' }) computedTo!: string;
  @ApiProperty({ enum: ['done', 'overridden'] }) protectedBecause!: string;
}

export class RemovedDeadlineView {
  @ApiProperty({ type: DeadlineView, description: 'The deadline as it was.' }) deadline!: DeadlineView;
  @ApiProperty() wasDone!: boolean;
  @ApiProperty() wasOverridden!: boolean;
}

/** What a change of triggers or closures did to the deadlines: nothing moves without being listed here. */
export class DeadlineChangesView {
  @ApiProperty({ type: [DeadlineView] }) added!: DeadlineView[];
  @ApiProperty({ type: [MovedDeadlineView] }) moved!: MovedDeadlineView[];
  @ApiProperty({
    type: [FlaggedDeadlineView],
    description: 'Completed or hand-set deadlines the rules would now move: flagged for review, not moved.',
  })
  flagged!: FlaggedDeadlineView[];
  @ApiProperty({ type: [RemovedDeadlineView] }) removed!: RemovedDeadlineView[];
}

export class TriggerResultView {
  @ApiProperty({ type: TriggerView }) trigger!: TriggerView;
  @ApiProperty({ type: [DeadlineView], description: 'Every deadline of the trigger now.' })
  deadlines!: DeadlineView[];
  @ApiProperty({ type: DeadlineChangesView }) changes!: DeadlineChangesView;
}

export class TriggerRemovedView {
  @ApiProperty({ type: DeadlineChangesView }) changes!: DeadlineChangesView;
}

export class ClosureView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'us-federal' }) calendarId!: string;
  @ApiProperty({ example: '2026-12-24' }) date!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ClosureList {
  @ApiProperty({ type: [ClosureView] }) items!: ClosureView[];
}

export class ClosureResultView {
  @ApiProperty({ type: ClosureView }) closure!: ClosureView;
  @ApiProperty({ type: DeadlineChangesView, description: 'Deadlines the closure moved or flagged.' })
  changes!: DeadlineChangesView;
}

export class DeclareClosureDto {
  @ApiProperty({
    example: 'us-federal',
    description: 'The holiday calendar (court) whose clerk’s office was closed.',
  })
  @Matches(CODE, { message: 'calendarId must be a holiday calendar id such as us-federal' })
  calendarId!: string;

  @ApiProperty({ example: '2026-12-24' })
  @IsCourtDate()
  date!: string;

  @ApiProperty({ example: 'Courthouse closed: snow (General Order 26-14)', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the clerk’s office was inaccessible' })
  @MaxLength(500)
  reason!: string;
}
