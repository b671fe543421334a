import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { FIRM_ROLES, type FirmRole } from '@lawfirm/auth';

export class ChangeUserRolesDto {
  @ApiProperty({ enum: FIRM_ROLES, isArray: true, example: ['attorney'] })
  @IsArray({ message: 'roles must be a list of roles' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not repeat' })
  @IsIn(FIRM_ROLES, { each: true, message: `each role must be one of: ${FIRM_ROLES.join(', ')}` })
  roles!: FirmRole[];
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lawyer@firm.example' }) email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: FIRM_ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Set while deactivated.' })
  disabledAt!: string | null;
}

export class UserPage {
  @ApiProperty({ type: [UserView] }) items!: UserView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'Your current password.' })
  @IsString()
  @IsNotEmpty({ message: 'currentPassword is required' })
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({
    description:
      'At least 15 characters (Unicode), at most 128; any characters, no composition rules; not a commonly used password or your e-mail address.',
    minLength: 15,
    maxLength: 128,
  })
  @IsString()
  @IsNotEmpty({ message: 'newPassword is required' })
  @MaxLength(1024)
  newPassword!: string;
}
