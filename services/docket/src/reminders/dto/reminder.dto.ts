import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { REMINDER_ITEM_KINDS } from '../reminder.entity';
import { IsTimeZone } from '../../time-zone';
import { MAX_LEAD_MINUTES } from '../reminder.rules';

export class ReminderKindParam {
  @ApiProperty({ enum: REMINDER_ITEM_KINDS })
  @IsIn(REMINDER_ITEM_KINDS, { message: 'itemKind must be deadline or court-event' })
  itemKind!: (typeof REMINDER_ITEM_KINDS)[number];
}

export class SetReminderRuleDto {
  @ApiProperty({
    type: [Number],
    example: [43200, 10080, 1440],
    description: 'Minutes before the item (1 to 525600, at most 10), e.g. 30, 7 and 1 days.',
  })
  @IsArray({ message: 'leadMinutes must be a list of minutes' })
  @ArrayMinSize(1, { message: 'leadMinutes must name at least one lead time' })
  @ArrayMaxSize(10, { message: 'leadMinutes may name at most 10 lead times' })
  @IsInt({ each: true, message: 'each lead time must be a whole number of minutes' })
  @Min(1, { each: true, message: 'each lead time must be at least 1 minute' })
  @Max(MAX_LEAD_MINUTES, {
    each: true,
    message: `each lead time must be at most ${MAX_LEAD_MINUTES} minutes`,
  })
  leadMinutes!: number[];

  @ApiPropertyOptional({
    example: 'America/New_York',
    description: 'Deadlines: the zone whose midnight starts the due day (default UTC).',
  })
  @IsOptionalNotNull()
  @IsTimeZone()
  timeZone?: string;
}

export class ReminderRuleView {
  @ApiProperty({ enum: REMINDER_ITEM_KINDS }) itemKind!: string;
  @ApiProperty({ type: [Number], example: [43200, 10080, 1440] }) leadMinutes!: number[];
  @ApiProperty({ example: 'UTC' }) timeZone!: string;
  @ApiProperty({ description: 'The firm has set none: these are the defaults.' }) isDefault!: boolean;
}

export class ReminderRuleList {
  @ApiProperty({ type: [ReminderRuleView] }) items!: ReminderRuleView[];
}

export class ReminderQuery {
  @ApiProperty({ format: 'uuid', description: 'The deadline or court event.' })
  @IsUUID('all', { message: 'itemId must be a UUID' })
  itemId!: string;
}

export class SweepDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-01T09:00:00Z',
    description: 'Send what is due by this instant (default now).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date-time' })
  asOf?: string;
}

export class ReminderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REMINDER_ITEM_KINDS }) itemKind!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 1440 }) leadMinutes!: number;
  @ApiProperty({ format: 'date-time' }) itemAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'cancelled'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
}

export class ReminderList {
  @ApiProperty({ type: [ReminderView] }) items!: ReminderView[];
}

export class SweepResultView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [ReminderView], description: 'The reminders this sweep sent (each exactly once).' })
  sent!: ReminderView[];
}
