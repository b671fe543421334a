import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { AccessReason } from '../audit-store/audit-store.module';
import { OpsAuthGuard } from '../ops/ops.module';
import {
  FirmDetailView,
  FirmIdParams,
  FirmListQuery,
  FirmListView,
  FirmView,
  OnboardedFirmView,
  OnboardFirmBody,
} from './dto/firm.dto';
import { FirmsService } from './firms.service';

const REASON_HEADER = {
  name: 'X-Access-Reason',
  required: true,
  description: 'Why (10–500 characters, e.g. the ticket); kept in the firm’s audit trail with the change.',
};

@ApiTags('ops-firms')
@ApiBearerAuth('bearer')
@UseGuards(OpsAuthGuard)
@Controller('admin/firms')
export class FirmsController {
  constructor(private readonly firms: FirmsService) {}

  @Post()
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      'Onboard a firm: the firm with its time zone, currency and payment terms, and a one-time invitation (72 h) e-mailed to its first administrator.',
  })
  @ApiCreatedResponse({ type: OnboardedFirmView })
  @ApiProblemResponse(400, 'No stated reason, or a field that is missing or not valid.')
  @ApiProblemResponse(403, 'Only ops-admin onboards firms.')
  @ApiProblemResponse(409, 'A firm with this slug exists already (`firm_slug_taken`).')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  onboard(
    @CurrentActor() operator: Actor,
    @AccessReason() reason: string,
    @Body() body: OnboardFirmBody,
  ): Promise<OnboardedFirmView> {
    return this.firms.onboard(operator, body, reason);
  }

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({ summary: 'Every firm, newest first, with its status (active or suspended).' })
  @ApiOkResponse({ type: FirmListView })
  @ApiProblemResponse(400, 'The limit is not 1 to 500.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  async list(@CurrentActor() operator: Actor, @Query() query: FirmListQuery): Promise<FirmListView> {
    return { items: await this.firms.list(operator, query.limit ?? 200) };
  }

  @Get(':firmId')
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({
    summary: 'A firm with its users, API clients and pending invitations (never a secret or token).',
  })
  @ApiOkResponse({ type: FirmDetailView })
  @ApiProblemResponse(400, 'The firm id is not a UUID.')
  @ApiProblemResponse(404, 'No such firm.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  detail(@CurrentActor() operator: Actor, @Param() params: FirmIdParams): Promise<FirmDetailView> {
    return this.firms.detail(operator, params.firmId);
  }

  @Post(':firmId/suspend')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      'Suspend a firm: every token of its users and API clients stops working at once at every gateway instance, and nobody of it signs in until it is reactivated.',
  })
  @ApiOkResponse({ type: FirmView })
  @ApiProblemResponse(400, 'No stated reason, or the firm id is not a UUID.')
  @ApiProblemResponse(403, 'Only ops-admin suspends firms.')
  @ApiProblemResponse(404, 'No such firm.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  suspend(
    @CurrentActor() operator: Actor,
    @Param() params: FirmIdParams,
    @AccessReason() reason: string,
  ): Promise<FirmView> {
    return this.firms.suspend(operator, params.firmId, reason);
  }

  @Post(':firmId/reactivate')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      'Reactivate a suspended firm: its people and integrations can sign in again (old tokens stay refused).',
  })
  @ApiOkResponse({ type: FirmView })
  @ApiProblemResponse(400, 'No stated reason, or the firm id is not a UUID.')
  @ApiProblemResponse(403, 'Only ops-admin reactivates firms.')
  @ApiProblemResponse(404, 'No such firm.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  reactivate(
    @CurrentActor() operator: Actor,
    @Param() params: FirmIdParams,
    @AccessReason() reason: string,
  ): Promise<FirmView> {
    return this.firms.reactivate(operator, params.firmId, reason);
  }
}
