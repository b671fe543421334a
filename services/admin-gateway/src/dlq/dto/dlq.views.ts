import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class DlqSummaryView {
  @ApiProperty({
    example: 'intake.matter.v1',
    description: 'The topic whose consumers parked these letters.',
  })
  topic!: string;
  @ApiProperty({ example: 'intake.matter.v1.dlq' }) dlqTopic!: string;
  @ApiProperty({ description: 'The service that publishes the topic.' }) owner!: string;
  @ApiProperty({ description: 'Letters the dead-letter topic holds.' }) letters!: number;
  @ApiProperty({ description: 'Letters replayed from this API.' }) replayed!: number;
  @ApiProperty({ description: 'Letters not replayed yet.' }) pending!: number;
}

export class DlqSummaryList {
  @ApiProperty({ type: [DlqSummaryView] }) items!: DlqSummaryView[];
}

export class DeadLetterView {
  @ApiProperty() partition!: number;
  @ApiProperty({ description: "The letter's offset on the dead-letter topic (a decimal string)." })
  offset!: string;
  @ApiProperty({ nullable: true, type: String }) key!: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
  @ApiProperty({ nullable: true, type: String }) eventType!: string | null;
  @ApiProperty({ nullable: true, type: String }) firmId!: string | null;
  @ApiProperty({ nullable: true, type: String }) aggregateId!: string | null;
  @ApiProperty({ nullable: true, type: String }) occurredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The consumer group that gave up on it.' })
  consumerGroup!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The consuming service (the group's first part).",
  })
  service!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'transient, permanent or invalid.' })
  errorKind!: string | null;
  @ApiProperty({ nullable: true, type: Number }) attempts!: number | null;
  @ApiProperty({ nullable: true, type: String }) failedAt!: string | null;
  @ApiProperty({
    description:
      "The payload without its contents: the envelope's fields, the data's keys and its size (a firm's data is not shown here).",
  })
  payloadSummary!: string;
  @ApiProperty({ description: 'Bytes of the message value.' }) bytes!: number;
  @ApiProperty({ nullable: true, type: String }) replayedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) replayedBy!: string | null;
}

export class DeadLetterList {
  @ApiProperty({ type: [DeadLetterView] }) items!: DeadLetterView[];
  @ApiProperty({ description: 'Letters the topic holds beyond those listed (older ones).' })
  older!: number;
}

export class DeadLetterQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 500,
    default: 100,
    description: 'The newest letters, at most.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only letters parked by this consuming service (e.g. billing).' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,62}$/, { message: 'service must be a service name such as billing' })
  service?: string;
}

export class ReplayAllBody {
  @ApiPropertyOptional({
    description:
      'Only letters parked by this consumer group (as the letter lists it); all letters when absent.',
    maxLength: 249,
  })
  // Not @IsOptional: a null must not widen a replay to every group's letters.
  @ValidateIf((_body: unknown, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(249)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'consumerGroup must be a Kafka group id (letters, digits, . _ -)',
  })
  consumerGroup?: string;
}

export class ReplayedLetterView {
  @ApiProperty() partition!: number;
  @ApiProperty() offset!: string;
  @ApiProperty({ nullable: true, type: String }) eventId!: string | null;
  @ApiProperty() targetTopic!: string;
}

export class ReplayResultView {
  @ApiProperty() topic!: string;
  @ApiProperty({ description: 'Letters sent back to their topic by this request.' }) replayed!: number;
  @ApiProperty({ description: 'Letters replayed before (not sent again).' }) alreadyReplayed!: number;
  @ApiProperty({ description: 'Letters of other consumer groups, left as they are.' }) skipped!: number;
  @ApiProperty({ description: 'Pending letters beyond this request (at most 1,000 go back at once).' })
  remaining!: number;
  @ApiProperty({ type: [ReplayedLetterView] }) letters!: ReplayedLetterView[];
}
