import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { PageQuery } from '@lawfirm/platform';
import { IsCalendarDate } from '@lawfirm/primitives';
import { IsTimeZone } from '../../time-zone';
import { COURT_EVENT_CHANGES, COURT_EVENT_KINDS, COURT_EVENT_STATUSES } from '../court-event.entity';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** An instant with its offset: 2026-12-15T10:00:00-05:00 or ...Z; a bare local time is ambiguous. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** DTO decorator: an instant written with its UTC offset, between 1900 and 2199. */
function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !INSTANT.test(value)) return false;
        const [year, month, day] = value.slice(0, 10).split('-').map(Number);
        const date = new Date(Date.UTC(year!, month! - 1, day!));
        return (
          date.getUTCMonth() === month! - 1 &&
          date.getUTCDate() === day &&
          year! >= 1900 &&
          year! <= 2199 &&
          !Number.isNaN(Date.parse(value))
        );
      },
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be an ISO 8601 date-time with its UTC offset, e.g. 2026-12-15T10:00:00-05:00`,
    },
  });
}

export class AttendeeDto {
  @ApiProperty({ example: 'Jane Roe', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'deponent', maxLength: 100 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  role?: string;

  @ApiPropertyOptional({ example: 'jane.roe@example.com' })
  @IsOptionalNotNull()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A user of the firm, when the attendee is one.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'userId must be a UUID' })
  userId?: string;
}

/** What any court event may carry besides its kind, title and time (all optional, nullable). */
class CourtEventDetails {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 500,
    example: 'U.S. District Court, 500 Pearl St., New York',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(500)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100, example: 'Courtroom 15A' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(100)
  courtRoom?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 2000,
    example: 'https://meet.example.com/j/123',
    description: 'Video link (https).',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'remoteUrl must be an https URL' })
  @MaxLength(2000)
  remoteUrl?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200, example: 'Hon. A. Smith' })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(200)
  judge?: string | null;

  @ApiPropertyOptional({ type: [AttendeeDto], maxItems: 100 })
  @IsOptionalNotNull()
  @IsArray({ message: 'attendees must be a list' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees?: AttendeeDto[];

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 4000 })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}

/**
 * A new court event: kind, title and time are required (they are declared here, not inherited as
 * optional: class-validator keeps a parent's optional marker, so a POST without startsAt reached the
 * database as an invalid date and answered 500).
 */
export class CreateCourtEventDto extends CourtEventDetails {
  @ApiProperty({ enum: COURT_EVENT_KINDS })
  @IsIn(COURT_EVENT_KINDS, { message: `kind must be one of ${COURT_EVENT_KINDS.join(', ')}` })
  kind!: (typeof COURT_EVENT_KINDS)[number];

  @ApiProperty({ example: 'Hearing on motion to compel', maxLength: 300 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(300)
  title!: string;

  @ApiProperty({ example: '2026-12-15T10:00:00-05:00', pattern: INSTANT.source })
  @IsInstant()
  startsAt!: string;

  @ApiProperty({ example: '2026-12-15T11:00:00-05:00', pattern: INSTANT.source })
  @IsInstant()
  endsAt!: string;

  @ApiProperty({ example: 'America/New_York', description: 'The IANA zone the event happens in.' })
  @IsTimeZone()
  timeZone!: string;
}

/** A change of details or of the time (a new time without a continuance reads as rescheduled). */
export class UpdateCourtEventDto extends CourtEventDetails {
  @ApiPropertyOptional({ example: 'Hearing on motion to compel', maxLength: 300 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ example: '2026-12-15T10:00:00-05:00', pattern: INSTANT.source })
  @IsOptionalNotNull()
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2026-12-15T11:00:00-05:00', pattern: INSTANT.source })
  @IsOptionalNotNull()
  @IsInstant()
  endsAt?: string;

  @ApiPropertyOptional({ example: 'America/New_York', description: 'The IANA zone the event happens in.' })
  @IsOptionalNotNull()
  @IsTimeZone()
  timeZone?: string;
}

export class ContinueCourtEventDto {
  @ApiProperty({ example: 'Continued at the request of defendant (order of 2026-12-01)', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the event was continued' })
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ example: '2027-01-12T10:00:00-05:00', description: 'The new start, when set.' })
  @IsOptionalNotNull()
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ example: '2027-01-12T11:00:00-05:00', description: 'The new end (with startsAt).' })
  @IsOptionalNotNull()
  @IsInstant()
  endsAt?: string;
}

export class VacateCourtEventDto {
  @ApiProperty({ example: 'Case settled', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the event was vacated' })
  @MaxLength(2000)
  reason!: string;
}

export class CourtEventRangeQuery extends PageQuery {
  @ApiProperty({ example: '2026-12-01', description: 'Events starting on or after this day (UTC).' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2026-12-31',
    description: 'Events starting on or before this day (UTC), at most 366 days on.',
  })
  @IsCalendarDate()
  to!: string;
}

export class AttendeeView {
  @ApiProperty() name!: string;
  @ApiPropertyOptional() role?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
}

export class CourtEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ enum: COURT_EVENT_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) location!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) courtRoom!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) remoteUrl!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) judge!: string | null;
  @ApiProperty({ type: [AttendeeView] }) attendees!: AttendeeView[];
  @ApiPropertyOptional({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ enum: COURT_EVENT_STATUSES }) status!: string;
  @ApiProperty({ description: 'Counts the changes (iCalendar SEQUENCE).' }) sequence!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CourtEventChangeView {
  @ApiProperty({ enum: COURT_EVENT_CHANGES }) change!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) fromStartsAt!: string | null;
  @ApiProperty({ format: 'date-time' }) toStartsAt!: string;
  @ApiProperty({ enum: COURT_EVENT_STATUSES }) status!: string;
  @ApiProperty() changedBy!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
}

export class CourtEventDetailView extends CourtEventView {
  @ApiProperty({ type: [CourtEventChangeView], description: 'Every change, oldest first.' })
  history!: CourtEventChangeView[];
}

export class CourtEventPage {
  @ApiProperty({ type: [CourtEventView] }) items!: CourtEventView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
