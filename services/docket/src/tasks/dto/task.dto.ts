import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { IsCourtDate } from '../../court-date';
import { TASK_PRIORITIES, TASK_STATUSES } from '../task.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const present = (_: unknown, value: unknown): boolean => value !== undefined && value !== null;

export class CreateTaskDto {
  @ApiProperty({ example: 'Draft responses to interrogatories', maxLength: 300 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ example: 'user-123', maxLength: 200, description: 'The user the task is for.' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty({ message: 'assigneeId must not be empty' })
  @MaxLength(200)
  assigneeId?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'A due date of its own (not with deadlineId).' })
  @IsOptionalNotNull()
  @IsCourtDate()
  dueDate?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A deadline of the same matter: the task is due with it.',
  })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'deadlineId must be the UUID of a deadline' })
  deadlineId?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 365,
    description: 'Due this many days before the deadline (default 0).',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'daysBefore must be a whole number of days' })
  @Min(0)
  @Max(365)
  daysBefore?: number;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES, default: 'normal' })
  @IsOptionalNotNull()
  @IsIn(TASK_PRIORITIES, { message: `priority must be one of ${TASK_PRIORITIES.join(', ')}` })
  priority?: (typeof TASK_PRIORITIES)[number];
}

export class UpdateTaskDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200, description: 'null: unassigned.' })
  @ValidateIf(present)
  @IsString()
  @IsNotEmpty({ message: 'assigneeId must not be empty' })
  @MaxLength(200)
  assigneeId?: string | null;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES })
  @IsOptionalNotNull()
  @IsIn(TASK_PRIORITIES, { message: `priority must be one of ${TASK_PRIORITIES.join(', ')}` })
  priority?: (typeof TASK_PRIORITIES)[number];

  @ApiPropertyOptional({ enum: TASK_STATUSES, description: 'done and cancelled are final.' })
  @IsOptionalNotNull()
  @IsIn(TASK_STATUSES, { message: `status must be one of ${TASK_STATUSES.join(', ')}` })
  status?: (typeof TASK_STATUSES)[number];
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '2026-12-01',
    description: "Its own date, or the linked deadline's date in force less daysBefore.",
  })
  dueDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) deadlineId!: string | null;
  @ApiProperty() daysBefore!: number;
  @ApiProperty({ enum: TASK_PRIORITIES }) priority!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TaskPage {
  @ApiProperty({ type: [TaskView] }) items!: TaskView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class TaskListQuery extends PageQuery {}
