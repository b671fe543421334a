import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { FIRM_ROLES, type FirmRole } from '@lawfirm/auth';
import { INVITATION_TOKEN_PATTERN } from '../invitation.rules';

export class CreateInvitationDto {
  @ApiProperty({ example: 'new.lawyer@firm.example', maxLength: 254 })
  @IsString({ message: 'email must be a string' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiProperty({ enum: FIRM_ROLES, isArray: true, example: ['attorney'] })
  @IsArray({ message: 'roles must be a list of roles' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not repeat' })
  @IsIn(FIRM_ROLES, { each: true, message: `each role must be one of: ${FIRM_ROLES.join(', ')}` })
  roles!: FirmRole[];
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link (43 characters, base64url).' })
  @IsString({ message: 'token must be a string' })
  @Matches(INVITATION_TOKEN_PATTERN, {
    message: 'token must be the 43-character token of an invitation link',
  })
  token!: string;

  @ApiProperty({
    description:
      'Your password: at least 15 characters (Unicode), at most 128; no composition rules; not a commonly used password or your e-mail address.',
    minLength: 15,
    maxLength: 128,
  })
  @IsString({ message: 'password must be a string' })
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password!: string;

  @ApiPropertyOptional({ description: 'Your name as colleagues see it; the e-mail address when left out.' })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: FIRM_ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class InvitationList {
  @ApiProperty({ type: [InvitationView] }) items!: InvitationView[];
}

export class AcceptedInvitationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: FIRM_ROLES, isArray: true }) roles!: string[];
}
