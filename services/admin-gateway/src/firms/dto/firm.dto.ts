import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  FIRM_SLUG_PATTERN,
  IsIanaTimeZone,
  type FirmApiClientSummary,
  type FirmDetail,
  type FirmInvitationSummary,
  type FirmStatus,
  type FirmSummary,
  type FirmUserSummary,
  type OnboardedFirm,
} from '@lawfirm/contracts';
import { IsCurrencyCode } from '@lawfirm/primitives';

export class FirstAdminBody {
  @ApiProperty({ example: 'ada.admin@smith-law.example', maxLength: 254 })
  @IsString({ message: 'admin.email must be a string' })
  @MaxLength(254, { message: 'admin.email must be at most 254 characters' })
  @IsEmail({}, { message: 'admin.email must be an e-mail address' })
  email!: string;

  @ApiProperty({ example: 'Ada Admin', maxLength: 200 })
  @IsString({ message: 'admin.name must be a string' })
  @IsNotEmpty({ message: 'admin.name must not be empty' })
  @MaxLength(200, { message: 'admin.name must be at most 200 characters' })
  name!: string;
}

export class OnboardFirmBody {
  @ApiProperty({ example: 'Smith & Partners LLP', maxLength: 200 })
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name!: string;

  @ApiProperty({
    example: 'smith-partners',
    pattern: FIRM_SLUG_PATTERN.source,
    description: 'Unique across the platform: a second onboarding of a slug answers 409.',
  })
  @IsString({ message: 'slug must be a string' })
  @Matches(FIRM_SLUG_PATTERN, {
    message: 'slug must be 3–63 lower-case letters, digits and single inner hyphens',
  })
  slug!: string;

  @ApiProperty({ example: 'America/New_York', description: 'An IANA time zone name, or UTC.' })
  @IsIanaTimeZone()
  timeZone!: string;

  @ApiProperty({ example: 'USD', description: 'ISO 4217 code of the firm’s billing currency.' })
  @IsCurrencyCode()
  currency!: string;

  @ApiProperty({
    example: 30,
    minimum: 0,
    maximum: 365,
    description: 'Default invoice payment terms (days).',
  })
  @IsInt({ message: 'paymentTermsDays must be a whole number of days' })
  @Min(0, { message: 'paymentTermsDays must be 0 to 365' })
  @Max(365, { message: 'paymentTermsDays must be 0 to 365' })
  paymentTermsDays!: number;

  @ApiProperty({
    type: FirstAdminBody,
    description: 'The first firm administrator, who gets the invitation.',
  })
  @IsObject({ message: 'admin must be an object with email and name' })
  @ValidateNested()
  @Type(() => FirstAdminBody)
  admin!: FirstAdminBody;
}

export class FirmIdParams {
  @ApiProperty({ format: 'uuid', description: 'The firm (as listed by GET /admin/firms).' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;
}

export class FirmListQuery {
  @ApiProperty({ required: false, minimum: 1, maximum: 500, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1 to 500' })
  @Max(500, { message: 'limit must be 1 to 500' })
  limit?: number;
}

export class FirmView implements FirmSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'smith-partners' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 30 }) paymentTermsDays!: number;
  @ApiProperty({ enum: ['active', 'suspended'] }) status!: FirmStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) suspendedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FirmListView {
  @ApiProperty({ type: [FirmView] }) items!: FirmView[];
}

export class FirmUserView implements FirmUserSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
}

export class FirmApiClientView implements FirmApiClientSummary {
  @ApiProperty({ example: 'lfc_…' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
}

export class FirmInvitationView implements FirmInvitationSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiProperty({ example: 'pending' }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class FirmDetailView extends FirmView implements FirmDetail {
  @ApiProperty({ type: [FirmUserView] }) users!: FirmUserView[];
  @ApiProperty({ type: [FirmApiClientView], description: 'Client ids and names; never a secret.' })
  apiClients!: FirmApiClientView[];
  @ApiProperty({ type: [FirmInvitationView], description: 'Pending invitations (never a token).' })
  invitations!: FirmInvitationView[];
}

export class OnboardedFirmView implements OnboardedFirm {
  @ApiProperty({ type: FirmView }) firm!: FirmView;
  @ApiProperty({
    type: FirmInvitationView,
    description: 'The first administrator’s invitation; its link went out by e-mail only.',
  })
  invitation!: FirmInvitationView;
}
