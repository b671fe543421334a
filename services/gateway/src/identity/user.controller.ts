import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, FIRM_ROLES, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, PageQuery, ResourceIdPipe, setRateLimitHeaders } from '@lawfirm/platform';
import { ChangePasswordDto, ChangeUserRolesDto, UserPage, UserView } from './dto/user.dto';
import { UserAdminService } from './user-admin.service';

@ApiTags('users')
@ApiBearerAuth('bearer')
@RequireRoles('firm-admin')
@Controller('v1/users')
export class UserController {
  constructor(private readonly users: UserAdminService) {}

  @Get()
  @ApiOperation({ summary: "List your firm's users, newest first" })
  @ApiOkResponse({ type: UserPage })
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<UserPage> {
    return this.users.list(actor, page.limit, page.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user of your firm' })
  @ApiOkResponse({ type: UserView })
  @ApiProblemResponse(404, 'No such user in your firm.')
  get(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('user')) id: string): Promise<UserView> {
    return this.users.get(actor, id);
  }

  @Put(':id/roles')
  @ApiOperation({
    summary: "Replace a user's roles; the tokens they hold stop working at once (they sign in again)",
  })
  @ApiOkResponse({ type: UserView })
  @ApiProblemResponse(404, 'No such user in your firm.')
  @ApiProblemResponse(409, 'You cannot take the firm-admin role from yourself (`self_lockout`).')
  changeRoles(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('user')) id: string,
    @Body() body: ChangeUserRolesDto,
  ): Promise<UserView> {
    return this.users.changeRoles(actor, id, body.roles);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user: no sign-in, and the tokens they hold stop working at once' })
  @ApiOkResponse({ type: UserView })
  @ApiProblemResponse(404, 'No such user in your firm.')
  @ApiProblemResponse(409, 'You cannot deactivate yourself (`self_lockout`).')
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('user')) id: string,
  ): Promise<UserView> {
    return this.users.deactivate(actor, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a deactivated user; they sign in again' })
  @ApiOkResponse({ type: UserView })
  @ApiProblemResponse(404, 'No such user in your firm.')
  reactivate(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('user')) id: string,
  ): Promise<UserView> {
    return this.users.reactivate(actor, id);
  }
}

/** What a signed-in user does to their own account. */
@ApiTags('users')
@ApiBearerAuth('bearer')
@RequireRoles(...FIRM_ROLES)
@Controller('v1/me')
export class CurrentUserController {
  constructor(private readonly users: UserAdminService) {}

  @Post('password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your password; every token you hold (this one too) stops working at once',
  })
  @ApiNoContentResponse({ description: 'Changed; sign in again with the new password.' })
  @ApiProblemResponse(
    400,
    'The current password is wrong, or the new one is shorter than 15 or longer than 128 characters, common, repetitive or contains your e-mail address.',
  )
  @ApiProblemResponse(403, 'An integration token: only users have passwords (`not_a_user`).')
  @ApiProblemResponse(
    429,
    'Too many wrong current passwords for this account (`sign_in_throttled`), counted with its sign-ins; see `Retry-After`.',
  )
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.users.changeOwnPassword(actor, body.currentPassword, body.newPassword, {
      source: request.ip,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
  }
}
