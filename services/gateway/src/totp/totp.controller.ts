import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, FIRM_ROLES, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, setRateLimitHeaders } from '@lawfirm/platform';
import { AllowDuringTotpEnrolment } from '../identity/identity.service';
import {
  DisableTotpDto,
  FirmSecurityDto,
  FirmSecurityView,
  RecoveryCodesView,
  TotpCodeDto,
  TotpEnrolmentView,
} from './dto/totp.dto';
import { TotpService } from './totp.service';

/** A signed-in user's second factor. */
@ApiTags('users')
@ApiBearerAuth('bearer')
@RequireRoles(...FIRM_ROLES)
@Controller('v1/me/totp')
export class TotpController {
  constructor(private readonly totp: TotpService) {}

  @Post()
  @AllowDuringTotpEnrolment()
  @ApiOperation({ summary: 'Start enrolling an authenticator app: a new secret, pending until confirmed' })
  @ApiCreatedResponse({ type: TotpEnrolmentView })
  @ApiProblemResponse(403, 'An integration token (`not_a_user`).')
  @ApiProblemResponse(409, 'TOTP is on already (`totp_already_enabled`); disable it first.')
  enrol(@CurrentActor() actor: Actor): Promise<TotpEnrolmentView> {
    return this.totp.enrol(actor);
  }

  @Post('confirm')
  @HttpCode(200)
  @AllowDuringTotpEnrolment()
  @ApiOperation({
    summary: 'Confirm the enrolment with a first code; answers the recovery codes, shown once',
  })
  @ApiOkResponse({ type: RecoveryCodesView })
  @ApiProblemResponse(400, 'A malformed or wrong code, naming `code`.')
  @ApiProblemResponse(403, 'An integration token (`not_a_user`).')
  @ApiProblemResponse(
    409,
    'No enrolment started (`totp_not_enrolled`) or TOTP is on already (`totp_already_enabled`).',
  )
  async confirm(@CurrentActor() actor: Actor, @Body() body: TotpCodeDto): Promise<RecoveryCodesView> {
    return { recoveryCodes: await this.totp.confirm(actor, body.code) };
  }

  @Post('disable')
  @HttpCode(204)
  @ApiOperation({ summary: 'Turn TOTP off with a current code or your password' })
  @ApiNoContentResponse({
    description: 'Off; sign in with the password alone (unless your firm requires TOTP).',
  })
  @ApiProblemResponse(400, 'Neither or a wrong `code` or `password`, naming it.')
  @ApiProblemResponse(403, 'An integration token (`not_a_user`).')
  @ApiProblemResponse(409, 'TOTP is not on (`totp_not_enrolled`).')
  @ApiProblemResponse(429, 'Too many wrong proofs for this account (`sign_in_throttled`); see `Retry-After`.')
  async disable(
    @CurrentActor() actor: Actor,
    @Body() body: DisableTotpDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.totp.disable(actor, body, {
      source: request.ip,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
  }
}

/** A firm's sign-in rules (firm admins). */
@ApiTags('users')
@ApiBearerAuth('bearer')
@RequireRoles('firm-admin')
@Controller('v1/firm/security')
export class FirmSecurityController {
  constructor(private readonly totp: TotpService) {}

  @Get()
  @ApiOperation({ summary: "Your firm's sign-in rules" })
  @ApiOkResponse({ type: FirmSecurityView })
  get(@CurrentActor() actor: Actor): Promise<FirmSecurityView> {
    return this.totp.firmSecurity(actor);
  }

  @Put()
  @ApiOperation({
    summary:
      "Change your firm's sign-in rules: with requireTotp, users without TOTP must enrol at their next sign-in",
  })
  @ApiOkResponse({ type: FirmSecurityView })
  @ApiProblemResponse(400, 'A missing or non-boolean `requireTotp`.')
  set(@CurrentActor() actor: Actor, @Body() body: FirmSecurityDto): Promise<FirmSecurityView> {
    return this.totp.setFirmSecurity(actor, body.requireTotp);
  }
}
