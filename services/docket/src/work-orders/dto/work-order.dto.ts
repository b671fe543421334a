import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OUTSOURCING_SCOPES, type OutsourcingScope } from '@lawfirm/contracts';
import { IsOptionalNotNull } from '@lawfirm/errors';
import {
  WORK_ORDER_ACTIONS,
  WORK_ORDER_STATUSES,
  type WorkOrderAction,
  type WorkOrderStatus,
} from '../work-order.rules';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;
/** An instant with its UTC offset; a bare local time is ambiguous. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateWorkOrderDto {
  @ApiProperty({ format: 'uuid', description: 'The vendor organisation the work goes to.' })
  @IsUUID('all', { message: 'vendorId must be the UUID of a vendor organisation' })
  vendorId!: string;

  @ApiProperty({
    enum: OUTSOURCING_SCOPES,
    description: "The kind of work: the client's consent must cover it.",
  })
  @IsIn(OUTSOURCING_SCOPES, { message: `workType must be one of ${OUTSOURCING_SCOPES.join(', ')}` })
  workType!: OutsourcingScope;

  @ApiProperty({
    maxLength: 20000,
    example: 'First-level review of the 2019 custodian e-mails for privilege.',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'instructions must not be empty' })
  @MaxLength(20000)
  instructions!: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 500,
    description: 'Documents the vendor works on.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'documentIds must not repeat a document' })
  @IsUUID('all', { each: true, message: 'documentIds must be UUIDs of documents' })
  documentIds?: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 8760,
    description: 'Turnaround: due this many hours after the vendor accepts (not with dueBy).',
  })
  @IsOptionalNotNull()
  @IsInt({ message: 'slaHours must be a whole number of hours' })
  @Min(1)
  @Max(8760)
  slaHours?: number;

  @ApiPropertyOptional({
    example: '2027-03-10T17:00:00-05:00',
    pattern: INSTANT.source,
    description: 'Turnaround: due by this instant (not with slaHours).',
  })
  @IsOptionalNotNull()
  @Matches(INSTANT, { message: 'dueBy must be an ISO 8601 date-time with its UTC offset' })
  @IsISO8601({ strict: true }, { message: 'dueBy must be a real date and time' })
  dueBy?: string;
}

export class WorkOrderTransitionDto {
  @ApiProperty({
    enum: WORK_ORDER_ACTIONS,
    description:
      'Vendor: accept, decline, start, submit. Firm: return (with reasons), approve, close, cancel.',
  })
  @IsIn(WORK_ORDER_ACTIONS, { message: `action must be one of ${WORK_ORDER_ACTIONS.join(', ')}` })
  action!: WorkOrderAction;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 20,
    description: 'Why the work is returned (return only).',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1, { message: 'reasons must name at least one reason' })
  @ArrayMaxSize(20)
  @Transform(trimEach)
  @IsString({ each: true, message: 'each of reasons must be text' })
  @IsNotEmpty({ each: true, message: 'reasons must not hold an empty reason' })
  @MaxLength(2000, { each: true })
  reasons?: string[];
}

export class WorkOrderSweepDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2027-03-05T09:00:00Z',
    description: 'Detect breaches as of this instant (default now).',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO 8601 date-time' })
  asOf?: string;
}

export class WorkOrderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty({ enum: OUTSOURCING_SCOPES }) workType!: string;
  @ApiProperty() instructions!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) documentIds!: string[];
  @ApiProperty({ type: Number, nullable: true }) slaHours!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set at acceptance.' })
  dueAt!: string | null;
  @ApiProperty({ enum: WORK_ORDER_STATUSES }) status!: WorkOrderStatus;
  @ApiProperty({
    description: "Open but no longer covered by the client's outsourcing consent: vendor steps are refused.",
  })
  suspended!: boolean;
  @ApiProperty({ type: [String], nullable: true }) returnReasons!: string[] | null;
  @ApiProperty() returnCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) slaBreachedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WorkOrderList {
  @ApiProperty({ type: [WorkOrderView] }) items!: WorkOrderView[];
}

export class WorkOrderSweepView {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({
    type: [WorkOrderView],
    description: 'The orders this sweep found past due (each once ever).',
  })
  breached!: WorkOrderView[];
}
