import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { CALENDAR_FEED_SCOPES } from '../calendar-feed.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateCalendarFeedDto {
  @ApiProperty({
    enum: CALENDAR_FEED_SCOPES,
    description: "user: the firm's docket as you read it; matter: one matter's deadlines and court events.",
  })
  @IsIn(CALENDAR_FEED_SCOPES, { message: 'scope must be user or matter' })
  scope!: (typeof CALENDAR_FEED_SCOPES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with scope matter, refused otherwise.' })
  @ValidateIf((dto: CreateCalendarFeedDto, value) => dto.scope === 'matter' || value !== undefined)
  @IsUUID('all', { message: 'matterId must be the UUID of a matter (and only with scope matter)' })
  matterId?: string;

  @ApiPropertyOptional({ example: 'Docket — Acme v. Widget', maxLength: 200 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;
}

export class CalendarFeedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CALENDAR_FEED_SCOPES }) scope!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) matterId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'lfcal_Ab3x', description: "The secret's first characters." }) tokenHint!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) rotatedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
}

export class CalendarFeedSecretView {
  @ApiProperty({ type: CalendarFeedView }) feed!: CalendarFeedView;
  @ApiProperty({ description: 'The secret, shown this once; only its hash is kept.' }) token!: string;
  @ApiProperty({
    example: '/v1/calendar-feeds/lfcal_.../calendar.ics',
    description: 'The path to subscribe to (Outlook, Google Calendar): whoever has it reads the calendar.',
  })
  path!: string;
}

export class CalendarFeedList {
  @ApiProperty({ type: [CalendarFeedView] }) items!: CalendarFeedView[];
}
