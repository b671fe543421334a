import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate } from '@lawfirm/primitives';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ReminderScheduleDto {
  @ApiProperty({
    type: [Number],
    example: [-7, 0, 15, 30],
    description: 'Days relative to the due date (-90 to 365; -7 = a week before), 1 to 12 different steps.',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'offsetsDays must name at least one step' })
  @ArrayMaxSize(12)
  @ArrayUnique({ message: 'offsetsDays must not repeat a step' })
  @IsInt({ each: true, message: 'offsetsDays must be whole numbers of days' })
  @Min(-90, { each: true, message: 'offsetsDays must be -90 to 365' })
  @Max(365, { each: true, message: 'offsetsDays must be -90 to 365' })
  offsetsDays!: number[];

  @ApiPropertyOptional({
    maxLength: 2000,
    nullable: true,
    description: 'How to pay, for the reminder template.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'paymentInstructions must not be empty (leave it out or null)' })
  @MaxLength(2000)
  paymentInstructions?: string | null;
}

export class ReminderScheduleView {
  @ApiProperty({ type: [Number] }) offsetsDays!: number[];
  @ApiProperty({ nullable: true, type: String }) paymentInstructions!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ReminderSweepDto {
  @ApiProperty({ example: '2026-12-31', description: 'Send the steps that came due by this day (UTC).' })
  @IsCalendarDate()
  asOf!: string;
}

export class SentReminderView {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty() invoiceNumber!: string;
  @ApiProperty() offsetDays!: number;
  @ApiProperty() reminderDate!: string;
  @ApiProperty() daysOverdue!: number;
  @ApiProperty() openMinor!: number;
  @ApiProperty() currency!: string;
}

export class ReminderSweepView {
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: [SentReminderView] }) sent!: SentReminderView[];
}

export class InvoiceReminderView {
  @ApiProperty() offsetDays!: number;
  @ApiProperty() reminderDate!: string;
  @ApiProperty() sweptAsOf!: string;
  @ApiProperty() openMinor!: number;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
}
