import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe, setRateLimitHeaders } from '@lawfirm/platform';
import {
  AcceptedInvitationView,
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationList,
  InvitationView,
} from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('users')
@ApiBearerAuth('bearer')
@RequireRoles('firm-admin')
@Controller('v1/users/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Invite a person into your firm by e-mail with roles (a one-time link, 72 hours)',
  })
  @ApiCreatedResponse({ type: InvitationView })
  @ApiProblemResponse(400, 'A malformed e-mail address or roles.')
  @ApiProblemResponse(409, 'Your firm is suspended (`firm_suspended`).')
  invite(@CurrentActor() actor: Actor, @Body() body: CreateInvitationDto): Promise<InvitationView> {
    return this.invitations.invite(actor, body.email, body.roles);
  }

  @Get()
  @ApiOperation({ summary: "Your firm's pending invitations, newest first" })
  @ApiOkResponse({ type: InvitationList })
  async list(@CurrentActor() actor: Actor): Promise<InvitationList> {
    return { items: await this.invitations.listPending(actor) };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a pending invitation: its link stops working' })
  @ApiOkResponse({ type: InvitationView })
  @ApiProblemResponse(404, 'No such invitation in your firm.')
  @ApiProblemResponse(409, 'The invitation was accepted already (`invitation_accepted`).')
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('invitation')) id: string,
  ): Promise<InvitationView> {
    return this.invitations.revoke(actor, id);
  }
}

@ApiTags('auth')
@Controller('v1/invitations')
export class InvitationAcceptController {
  constructor(private readonly invitations: InvitationsService) {}

  @Public()
  @Post('accept')
  @HttpCode(201)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Accept an invitation: set your password and become a user of the firm that invited you',
  })
  @ApiCreatedResponse({ type: AcceptedInvitationView })
  @ApiProblemResponse(
    400,
    'A malformed body, a password the policy refuses (naming `password`), or a link that cannot be used (`invitation_not_usable`: used, expired, revoked or unknown alike).',
  )
  @ApiProblemResponse(409, 'A user with this e-mail address exists already (`email_taken`).')
  @ApiProblemResponse(
    429,
    'Too many tries for this link or from this address (`sign_in_throttled`); see `Retry-After`.',
  )
  async accept(
    @Body() body: AcceptInvitationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedInvitationView> {
    const user = await this.invitations.accept(body.token, body.password, body.name, {
      source: request.ip,
      requestId: request.id,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
    return { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles };
  }
}
