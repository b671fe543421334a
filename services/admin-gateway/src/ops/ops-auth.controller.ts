import { Body, Controller, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Public } from '@lawfirm/auth';
import { ApiProblemResponse, setRateLimitHeaders } from '@lawfirm/platform';
import { OpsAuthService } from './ops-auth.service';

class OpsTokenRequestDto {
  @ApiProperty({ enum: ['password'] })
  @IsIn(['password'], { message: 'grant_type must be password' })
  grant_type!: 'password';

  @ApiProperty({ example: 'ops@platform.test' })
  @IsString()
  @IsNotEmpty({ message: 'username is required' })
  @MaxLength(320)
  username!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(1024)
  password!: string;
}

class OpsTokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty() token_type!: 'Bearer';
  @ApiProperty() expires_in!: number;
}

@ApiTags('ops-auth')
@Controller('admin/auth')
export class OpsAuthController {
  constructor(private readonly auth: OpsAuthService) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'Get an operations-team access token (password grant)' })
  @ApiOkResponse({ type: OpsTokenResponseDto })
  @ApiProblemResponse(400, 'A malformed request: a missing or wrong field, NUL characters, a nested value.')
  @ApiProblemResponse(401, 'Wrong e-mail address or password (`invalid_grant`).')
  @ApiProblemResponse(
    429,
    'Too many failed sign-ins for this account or from this address (`sign_in_throttled`); `Retry-After` says when to try again.',
  )
  token(
    @Body() body: OpsTokenRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OpsTokenResponseDto> {
    return this.auth.passwordGrant(body.username, body.password, {
      source: request.ip,
      requestId: request.id,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
  }
}
