import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { GUIDELINE_MODES, ViolationView, type GuidelineMode } from '../../guidelines/guideline.service';
import { TIME_ENTRY_STATUSES, type TimeEntryStatus } from '../time-entry.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateTimeEntryDto {
  @ApiProperty({ format: 'uuid', description: 'An open matter of the firm.' })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiProperty({ example: '2026-11-20', description: 'The day the work was done (YYYY-MM-DD).' })
  @IsDateString({ strict: true }, { message: 'workDate must be a date in the form YYYY-MM-DD' })
  workDate!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 1440,
    example: 72,
    description: 'Raw minutes worked. Give this or `duration`.',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'minutes must be a whole number of minutes' })
  @Min(1, { message: 'minutes must be at least 1' })
  @Max(1440, { message: 'minutes cannot exceed 1440 (one day)' })
  minutes?: number;

  @ApiPropertyOptional({
    example: '1h 12m',
    description: 'Duration as typed: 72, 72min, 1h 12m, 1:12, 1.2h. Give this or `minutes`.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(40)
  duration?: string;

  @ApiProperty({ example: 'Drafted motion to compel; reviewed opposing production.', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'narrative must describe the work' })
  @MaxLength(4000)
  narrative!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean({ message: 'billable must be true or false' })
  billable?: boolean;

  @ApiPropertyOptional({ example: 'L120', description: 'UTBMS task code.' })
  @IsOptional()
  @Matches(/^[A-Z]\d{3}$/, { message: 'taskCode must look like L120' })
  taskCode?: string;

  @ApiPropertyOptional({ example: 'A103', description: 'UTBMS activity code.' })
  @IsOptional()
  @Matches(/^A\d{3}$/, { message: 'activityCode must look like A103' })
  activityCode?: string;

  @ApiPropertyOptional({
    description:
      "Record for another timekeeper (e.g. a secretary entering a partner's time); defaults to the caller.",
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  timekeeperId?: string;
}

export class UpdateTimeEntryDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDateString({ strict: true }, { message: 'workDate must be a date in the form YYYY-MM-DD' })
  workDate?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsInt({ message: 'minutes must be a whole number of minutes' })
  @Min(1)
  @Max(1440)
  minutes?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(40) duration?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'narrative must describe the work' })
  @MaxLength(4000)
  narrative?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() billable?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z]\d{3}$/, { message: 'taskCode must look like L120' })
  taskCode?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^A\d{3}$/, { message: 'activityCode must look like A103' })
  activityCode?: string;
}

export class RejectTimeEntryDto {
  @ApiProperty({ example: 'Block-billed; split by task.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the entry is rejected' })
  @MaxLength(2000)
  reason!: string;
}

export class ReverseTimeEntryDto {
  @ApiPropertyOptional({ example: 'Recorded on the wrong matter.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class BulkTimeEntriesDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptionalNotNull()
  @IsDateString({ strict: true }, { message: 'from must be YYYY-MM-DD' })
  from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptionalNotNull()
  @IsDateString({ strict: true }, { message: 'to must be YYYY-MM-DD' })
  to?: string;
}

export class TimeEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() timekeeperId!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      "The timekeeper's classification when the entry was made: a LEDES code or one the firm registered.",
  })
  classification!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['PT', 'AS', 'OC', 'PL', 'LA', 'OT'],
    description: 'The LEDES 1998B code that classification reports as.',
  })
  ledesClassification!: string | null;
  @ApiProperty({ example: '2026-11-20' }) workDate!: string;
  @ApiProperty({ description: 'Raw minutes, never rewritten after submission (negative on a reversal).' })
  minutes!: number;
  @ApiProperty({ description: "Billed units in tenths of an hour under the client's rules." })
  billedTenths!: number;
  @ApiProperty() narrative!: string;
  @ApiProperty() billable!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) taskCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) activityCode!: string | null;
  @ApiProperty() outsourced!: boolean;
  @ApiProperty({ enum: TIME_ENTRY_STATUSES }) status!: TimeEntryStatus;
  @ApiProperty({ type: [ViolationView], description: 'Billing-guideline findings at the last evaluation.' })
  violations!: ViolationView[];
  @ApiPropertyOptional({ nullable: true, type: Number }) guidelineVersion!: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) approvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) rejectionReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) invoiceId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) reversesEntryId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) reversedByEntryId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) externalId!: string | null;
}

export class TimeEntryPage {
  @ApiProperty({ type: [TimeEntryView] }) items!: TimeEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BulkItemOutcomeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'guideline_violation' }) code!: string;
  @ApiProperty() message!: string;
}

export class BulkResultView {
  @ApiProperty({ type: [String], description: 'Entries this request transitioned.' }) succeeded!: string[];
  @ApiProperty({
    type: [BulkItemOutcomeView],
    description: 'Entries refused, with the reason (e.g. a blocking guideline violation).',
  })
  failed!: BulkItemOutcomeView[];
  @ApiProperty({
    type: [BulkItemOutcomeView],
    description:
      'Entries another request moved on after this one listed them (`invalid_transition`): each entry is ' +
      'transitioned once, by whichever request locked it first.',
  })
  skipped!: BulkItemOutcomeView[];
}

/** What POST /v1/time-entries/validate answers: the entry as it would be recorded now. */
export class EntryCheckView {
  @ApiProperty({ example: 72, description: 'Raw minutes, as they would be stored.' }) minutes!: number;
  @ApiProperty({ example: 12, description: "Billed tenths of an hour under the client's current guideline." })
  billedTenths!: number;
  @ApiProperty({ example: 6, description: 'The billing increment applied, in minutes.' })
  incrementMinutes!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Version of the client guideline applied; null when the client has none.',
  })
  guidelineVersion!: number | null;
  @ApiPropertyOptional({ nullable: true, enum: GUIDELINE_MODES }) mode!: GuidelineMode | null;
  @ApiProperty({ type: [ViolationView] }) violations!: ViolationView[];
}
