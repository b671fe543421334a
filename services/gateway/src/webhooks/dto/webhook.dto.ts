import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { WEBHOOK_EVENT_TYPES } from '../event-catalogue';
import { DELIVERY_STATUSES } from '../webhook-delivery.entity';
import { SUBSCRIPTION_STATUSES } from '../webhook-subscription.entity';

const EVENT_TYPES_MESSAGE = `each event type must be one of the catalogue (GET /v1/webhooks/event-types): ${WEBHOOK_EVENT_TYPES.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/lawfirm', maxLength: 2000, minLength: 1 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1, example: ['intake.matter.opened'] })
  @IsArray({ message: 'eventTypes must be a list of event types' })
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'eventTypes must not repeat' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes!: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: 2000, minLength: 1 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, minItems: 1 })
  @IsOptionalNotNull()
  @IsArray({ message: 'eventTypes must be a list of event types' })
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'eventTypes must not repeat' })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: EVENT_TYPES_MESSAGE })
  eventTypes?: string[];

  @ApiPropertyOptional({ maxLength: 500, nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({
    description:
      'false disables the endpoint; true enables it again (also after it was disabled for failing), and pending deliveries resume',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateSecretDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 604800,
    default: 86400,
    description: 'How long the previous secret keeps signing beside the new one (seconds)',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  overlapSeconds?: number;
}

export class ReplayDto {
  @ApiProperty({
    format: 'date-time',
    description: 'Resend every stored event of the subscribed types that occurred at or after this instant',
  })
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'and before this one (default: now)' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date-time' })
  until?: string;
}

export class DeliveryQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) eventTypes!: string[];
  @ApiProperty({
    enum: SUBSCRIPTION_STATUSES,
    description:
      'failing: the firm admins were notified and it is disabled at disableAt unless a delivery succeeds',
  })
  status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) failingSince!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disableAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WebhookWithSecretView extends WebhookView {
  @ApiProperty({ description: 'The signing secret, shown only here. Store it now.', example: 'whsec_…' })
  secret!: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items!: WebhookView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class EventTypeView {
  @ApiProperty({ example: 'intake.matter.opened' }) type!: string;
  @ApiProperty({ example: 'intake.matter.v1' }) topic!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "JSON Schema of the delivery's `data`",
  })
  payloadSchema!: Record<string, unknown>;
}

export class EventTypeList {
  @ApiProperty({ type: [EventTypeView] }) items!: EventTypeView[];
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() aggregateId!: string;
  @ApiProperty({ description: "The event's place among its aggregate's events (1, 2, …)" }) sequence!: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) replayId!: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastResponseStatus!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
}

export class AttemptView {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ enum: ['succeeded', 'failed'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: Number }) responseStatus!: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The start of the answer (at most 1,024 characters)',
  })
  responseExcerpt!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty({ type: [AttemptView] }) attemptLog!: AttemptView[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) items!: DeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReplayView {
  @ApiProperty({ format: 'uuid' }) replayId!: string;
  @ApiProperty({ description: 'Deliveries enqueued' }) enqueued!: number;
}
