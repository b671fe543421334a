import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { ChangeUserRolesDto, UserPage, UserView } from './dto/user.dto';
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
