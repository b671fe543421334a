import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsDateString, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { TIME_ENTRY_STATUSES, type TimeEntryStatus } from '../time-entry.entity';

export class CreateTimeEntryDto {
  @ApiProperty({ format: 'uuid', description: 'An open matter of the firm.' })
  @IsUUID('all', { message: 'matterId must be the id of a matter' })
  matterId!: string;

  @ApiProperty({ example: '2026-11-20', description: 'The day the work was done (YYYY-MM-DD).' })
  @IsDateString({ strict: true }, { message: 'workDate must be a date in the form YYYY-MM-DD' })
  workDate!: string;

  @ApiProperty({ minimum: 1, maximum: 1440, example: 72, description: 'Raw minutes worked.' })
  @IsInt({ message: 'minutes must be a whole number of minutes' })
  @Min(1, { message: 'minutes must be at least 1' })
  @Max(1440, { message: 'minutes cannot exceed 1440 (one day)' })
  minutes!: number;

  @ApiProperty({ example: 'Drafted motion to compel; reviewed opposing production.', maxLength: 4000 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'narrative must describe the work' })
  @MaxLength(4000)
  narrative!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean({ message: 'billable must be true or false' })
  billable?: boolean;
}

export class TimeEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() timekeeperId!: string;
  @ApiProperty({ example: '2026-11-20' }) workDate!: string;
  @ApiProperty({ description: 'Raw minutes, never rewritten.' }) minutes!: number;
  @ApiProperty({ description: 'Billed units in tenths of an hour.' }) billedTenths!: number;
  @ApiProperty() narrative!: string;
  @ApiProperty() billable!: boolean;
  @ApiProperty({ enum: TIME_ENTRY_STATUSES }) status!: TimeEntryStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) approvedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) approvedBy!: string | null;
}

export class TimeEntryPage {
  @ApiProperty({ type: [TimeEntryView] }) items!: TimeEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
