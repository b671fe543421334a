import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

export class TotpEnrolmentView {
  @ApiProperty({
    description: 'The base32 secret, for typing into an authenticator app.',
    example: 'JBSWY3DPEHPK3PXP',
  })
  secret!: string;

  @ApiProperty({
    description: 'The same as an otpauth:// URI (show it as a QR code).',
    example:
      'otpauth://totp/Law-firm%20platform:admin%40demo-a.test?issuer=Law-firm%20platform&secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30',
  })
  otpauthUri!: string;
}

export class TotpCodeDto {
  @ApiProperty({ description: 'The 6-digit code the authenticator app shows now.', example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app' })
  code!: string;
}

export class RecoveryCodesView {
  @ApiProperty({
    description: 'Ten single-use recovery codes, shown only now: keep them somewhere safe.',
    type: [String],
    example: ['abcd-efgh-ijkl-mnop'],
  })
  recoveryCodes!: string[];
}

export class DisableTotpDto {
  @ApiPropertyOptional({
    description: 'A current authenticator code (or give `password`).',
    example: '123456',
  })
  @ValidateIf((body: DisableTotpDto) => body.password === undefined || body.code !== undefined)
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits of the authenticator app (or give password)' })
  code?: string;

  @ApiPropertyOptional({ description: 'Your password (or give `code`).' })
  @ValidateIf((_body: DisableTotpDto, value: unknown) => value !== undefined)
  @IsString()
  @MaxLength(1024)
  password?: string;
}

export class FirmSecurityDto {
  @ApiProperty({ description: 'Whether every user of the firm must sign in with TOTP.' })
  @IsBoolean()
  requireTotp!: boolean;
}

export class FirmSecurityView {
  @ApiProperty() requireTotp!: boolean;
}
