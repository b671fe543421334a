import { Body, Controller, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@lawfirm/auth';
import { ApiProblemResponse, setRateLimitHeaders } from '@lawfirm/platform';
import {
  ConfirmPasswordResetDto,
  PasswordResetAccepted,
  RequestPasswordResetDto,
} from './dto/password-reset.dto';
import { PasswordResetService } from './password-reset.service';

const ACCEPTED: PasswordResetAccepted = {
  message: 'If an active account uses this address, a reset link valid for one hour is on its way.',
};

@ApiTags('auth')
@Controller('v1/auth/password-reset')
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Public()
  @Post()
  @HttpCode(202)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Ask for a password-reset link by e-mail (the same answer whether or not the address is known)',
  })
  @ApiAcceptedResponse({ type: PasswordResetAccepted })
  @ApiProblemResponse(400, 'A malformed body or e-mail address, naming `email`.')
  @ApiProblemResponse(
    429,
    'Too many requests for this address or from this source (`sign_in_throttled`); see `Retry-After`. Unknown addresses are throttled alike.',
  )
  async request(
    @Body() body: RequestPasswordResetDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PasswordResetAccepted> {
    await this.resets.request(body.email, {
      source: request.ip,
      requestId: request.id,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
    return ACCEPTED;
  }

  @Public()
  @Post('confirm')
  @HttpCode(204)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Set a new password from a reset link; every token the user holds stops working at once',
  })
  @ApiNoContentResponse({ description: 'Changed; sign in with the new password.' })
  @ApiProblemResponse(
    400,
    'A malformed body, a password the policy refuses (naming `password`; the link stays usable), or a link that cannot be used (`password_reset_not_usable`: used, expired, superseded, voided or unknown alike).',
  )
  @ApiProblemResponse(
    429,
    'Too many tries for this link or from this address (`sign_in_throttled`); see `Retry-After`.',
  )
  async confirm(
    @Body() body: ConfirmPasswordResetDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.resets.confirm(body.token, body.password, {
      source: request.ip,
      requestId: request.id,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
  }
}
