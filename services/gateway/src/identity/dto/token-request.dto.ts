import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf, IsNotEmpty } from 'class-validator';

export const GRANT_TYPES = ['password', 'client_credentials'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** OAuth 2.0 token request (RFC 6749 §4.3 and §4.4); form-encoded or JSON. */
export class TokenRequestDto {
  @ApiProperty({ enum: GRANT_TYPES })
  @IsIn(GRANT_TYPES, { message: 'grant_type must be password or client_credentials' })
  grant_type!: GrantType;

  @ApiPropertyOptional({ description: 'E-mail address (password grant).', example: 'admin@demo-a.test' })
  @ValidateIf((request: TokenRequestDto) => request.grant_type === 'password')
  @IsString()
  @IsNotEmpty({ message: 'username is required for the password grant' })
  @MaxLength(320)
  username?: string;

  @ApiPropertyOptional({ description: 'Password grant.' })
  @ValidateIf((request: TokenRequestDto) => request.grant_type === 'password')
  @IsString()
  @IsNotEmpty({ message: 'password is required for the password grant' })
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({
    description:
      'Password grant, for a user enrolled in TOTP: the 6-digit code their authenticator app shows now (each code is accepted once).',
    example: '123456',
  })
  // Absent is fine; null is not (IsOptional would let it through).
  @ValidateIf((_request: TokenRequestDto, value: unknown) => value !== undefined)
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be the 6 digits of the authenticator app' })
  totp?: string;

  @ApiPropertyOptional({
    description:
      'Password grant, instead of `totp`: one of the recovery codes shown at enrolment (each works once).',
    example: 'abcd-efgh-ijkl-mnop',
  })
  // Absent is fine; null is not (IsOptional would let it through).
  @ValidateIf((_request: TokenRequestDto, value: unknown) => value !== undefined)
  @IsString()
  @Matches(/^[A-Za-z2-7]{4}(-?[A-Za-z2-7]{4}){3}$/, {
    message: 'recovery_code must be a recovery code (xxxx-xxxx-xxxx-xxxx)',
  })
  recovery_code?: string;

  @ApiPropertyOptional({ description: 'Client credentials grant.' })
  @ValidateIf((request: TokenRequestDto) => request.grant_type === 'client_credentials')
  @IsString()
  @IsNotEmpty({ message: 'client_id is required for the client_credentials grant' })
  @MaxLength(200)
  client_id?: string;

  @ApiPropertyOptional({ description: 'Client credentials grant.' })
  @ValidateIf((request: TokenRequestDto) => request.grant_type === 'client_credentials')
  @IsString()
  @IsNotEmpty({ message: 'client_secret is required for the client_credentials grant' })
  @MaxLength(1024)
  client_secret?: string;

  @ApiPropertyOptional({ description: 'Space-separated scopes (reserved).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  scope?: string;
}

export class TokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the token expires.' }) expires_in!: number;
}
