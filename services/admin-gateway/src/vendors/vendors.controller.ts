import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
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
  IssuedVendorKeyView,
  IssueVendorKeyBody,
  RegisterVendorBody,
  VendorIdParams,
  VendorKeyListView,
  VendorKeyParams,
  VendorKeyView,
  VendorListView,
  VendorView,
} from './dto/vendor.dto';
import { VendorsService } from './vendors.service';

const REASON_HEADER = {
  name: 'X-Access-Reason',
  required: true,
  description:
    'Why (10–500 characters, e.g. the ticket); kept in the platform’s audit trail with the change.',
};

@ApiTags('ops-vendors')
@ApiBearerAuth('bearer')
@UseGuards(OpsAuthGuard)
@Controller('admin/vendors')
export class VendorsController {
  constructor(private readonly vendors: VendorsService) {}

  @Post()
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({ summary: 'Register a partner vendor organisation (firms can then connect it).' })
  @ApiCreatedResponse({ type: VendorView })
  @ApiProblemResponse(400, 'No stated reason, or a name that is missing or not valid.')
  @ApiProblemResponse(403, 'Only ops-admin registers vendors.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  register(
    @CurrentActor() operator: Actor,
    @AccessReason() reason: string,
    @Body() body: RegisterVendorBody,
  ): Promise<VendorView> {
    return this.vendors.register(operator, body.name, reason);
  }

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({ summary: 'Every vendor organisation, newest first (up to 500).' })
  @ApiOkResponse({ type: VendorListView })
  @ApiProblemResponse(503, 'The gateway did not answer.')
  list(@CurrentActor() operator: Actor): Promise<VendorListView> {
    return this.vendors.list(operator);
  }

  @Get(':vendorId')
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({ summary: 'One vendor organisation.' })
  @ApiOkResponse({ type: VendorView })
  @ApiProblemResponse(400, 'The vendor id is not a UUID.')
  @ApiProblemResponse(404, 'No such vendor.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  get(@CurrentActor() operator: Actor, @Param() params: VendorIdParams): Promise<VendorView> {
    return this.vendors.get(operator, params.vendorId);
  }

  @Post(':vendorId/keys')
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      'Issue an API key to a vendor with its scopes. The key (lfv_…) is in this answer only; the gateway keeps its SHA-256.',
  })
  @ApiCreatedResponse({ type: IssuedVendorKeyView })
  @ApiProblemResponse(400, 'No stated reason, or a name or scope that is not valid.')
  @ApiProblemResponse(403, 'Only ops-admin issues keys.')
  @ApiProblemResponse(404, 'No such vendor.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  issueKey(
    @CurrentActor() operator: Actor,
    @AccessReason() reason: string,
    @Param() params: VendorIdParams,
    @Body() body: IssueVendorKeyBody,
  ): Promise<IssuedVendorKeyView> {
    return this.vendors.issueKey(operator, params.vendorId, body, reason);
  }

  @Get(':vendorId/keys')
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({ summary: "A vendor's keys (their first characters only), newest first." })
  @ApiOkResponse({ type: VendorKeyListView })
  @ApiProblemResponse(400, 'The vendor id is not a UUID.')
  @ApiProblemResponse(404, 'No such vendor.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  keys(@CurrentActor() operator: Actor, @Param() params: VendorIdParams): Promise<VendorKeyListView> {
    return this.vendors.keys(operator, params.vendorId);
  }

  @Post(':vendorId/keys/:keyId/revoke')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      'Revoke a vendor key at once: it gets no new token, and every token the vendor holds is refused at its next request.',
  })
  @ApiOkResponse({ type: VendorKeyView })
  @ApiProblemResponse(400, 'No stated reason, or an id that is not a UUID.')
  @ApiProblemResponse(403, 'Only ops-admin revokes keys.')
  @ApiProblemResponse(404, 'No such vendor or key.')
  @ApiProblemResponse(503, 'The gateway did not answer.')
  revokeKey(
    @CurrentActor() operator: Actor,
    @AccessReason() reason: string,
    @Param() params: VendorKeyParams,
  ): Promise<VendorKeyView> {
    return this.vendors.revokeKey(operator, params.vendorId, params.keyId, reason);
  }
}
