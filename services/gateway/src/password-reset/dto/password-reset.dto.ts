import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { PASSWORD_RESET_TOKEN_PATTERN } from '../password-reset.rules';

export class RequestPasswordResetDto {
  @ApiProperty({ description: 'The e-mail address you sign in with.', example: 'admin@demo-a.test' })
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;
}

export class PasswordResetAccepted {
  @ApiProperty({
    example: 'If an active account uses this address, a reset link valid for one hour is on its way.',
  })
  message!: string;
}

export class ConfirmPasswordResetDto {
  @ApiProperty({ description: 'The token from the link (after `#token=`).', pattern: '^[A-Za-z0-9_-]{43}$' })
  @IsString()
  @Matches(PASSWORD_RESET_TOKEN_PATTERN, { message: 'token is not a reset token' })
  token!: string;

  @ApiProperty({ description: 'The new password: 15 to 128 characters, not common, not repetitive.' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
