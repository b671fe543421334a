import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { TimeEntryView } from '../../time-entries/time-entry.service';
import { TIMER_STATES, type TimerState } from '../timer.timing';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class StartTimerDto {
  @ApiProperty({ format: 'uuid', description: 'An open matter of the firm.' })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'What the work is; can also be given when stopping.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  narrative?: string;

  @ApiPropertyOptional({ example: 'L120', description: 'UTBMS task code.' })
  @IsOptional()
  @Matches(/^[A-Z]\d{3}$/, { message: 'taskCode must look like L120' })
  taskCode?: string;

  @ApiPropertyOptional({ example: 'A103', description: 'UTBMS activity code.' })
  @IsOptional()
  @Matches(/^A\d{3}$/, { message: 'activityCode must look like A103' })
  activityCode?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'billable must be true or false' })
  billable?: boolean;
}

export class StopTimerDto {
  @ApiPropertyOptional({
    maxLength: 4000,
    description: "The entry's narrative; replaces the timer's. Required if the timer has none.",
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'narrative must describe the work' })
  @MaxLength(4000)
  narrative?: string;

  @ApiPropertyOptional({
    example: '2026-11-20',
    description: "The entry's work date; defaults to the (UTC) date the timer was started.",
  })
  @IsOptionalNotNull()
  @IsDateString({ strict: true }, { message: 'workDate must be a date in the form YYYY-MM-DD' })
  workDate?: string;
}

export class TimerListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TIMER_STATES })
  @IsOptionalNotNull()
  @IsIn(TIMER_STATES, { message: `state must be one of: ${TIMER_STATES.join(', ')}` })
  state?: TimerState;
}

export class TimerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() timekeeperId!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) narrative!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) taskCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) activityCode!: string | null;
  @ApiProperty() billable!: boolean;
  @ApiProperty({ enum: TIMER_STATES }) state!: TimerState;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Start of the current run (running timers only).',
  })
  runningSince!: string | null;
  @ApiProperty({ description: 'Whole seconds counted so far, by the server clock, as of this response.' })
  elapsedSeconds!: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) stoppedAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The draft time entry the stopped timer became.',
  })
  timeEntryId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TimerPage {
  @ApiProperty({ type: [TimerView] }) items!: TimerView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class StoppedTimerView {
  @ApiProperty({ type: TimerView }) timer!: TimerView;
  @ApiProperty({
    type: TimeEntryView,
    description: 'The draft entry: elapsed time rounded up to whole minutes (at least 1).',
  })
  timeEntry!: TimeEntryView;
}
