import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  CreateTaxRateDto,
  TaxRateList,
  TaxRateListQuery,
  TaxRateView,
  TaxSettingDto,
  TaxSettingView,
} from './dto/tax.dto';
import { TaxesService } from './taxes.service';

// Through the gateway a forwarded write may also answer its Idempotency-Key refusals; an explicit
// 409 or 422 here replaces the gateway's own description of them, so it repeats them.
const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';
const IDEMPOTENCY_422 =
  ' Through the gateway, also idempotency_key_reused (this Idempotency-Key was used for another request).';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1')
export class TaxesController {
  constructor(private readonly taxes: TaxesService) {}

  @Post('tax-rates')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: 'Creates a tax rate (a version of a tax code; a later effectiveFrom schedules a change)',
  })
  @ApiCreatedResponse({ type: TaxRateView })
  @ApiProblemResponse(409, 'tax_rate_exists: the code already has a rate from that day.' + IDEMPOTENCY_409)
  createRate(@CurrentActor() actor: Actor, @Body() body: CreateTaxRateDto): Promise<TaxRateView> {
    return this.taxes.createRate(actor, body);
  }

  @Get('tax-rates')
  @ApiOperation({ summary: "Lists the firm's tax rates by code, latest version first" })
  @ApiOkResponse({ type: TaxRateList })
  listRates(@CurrentActor() actor: Actor, @Query() query: TaxRateListQuery): Promise<TaxRateList> {
    return this.taxes.listRates(actor, { code: query.code, activeOn: query.activeOn });
  }

  @Get('clients/:clientId/tax-setting')
  @ApiOperation({ summary: "A client's tax setting (which tax its work bears, or exempt)" })
  @ApiOkResponse({ type: TaxSettingView })
  @ApiProblemResponse(404, 'The client has no tax setting in your firm.')
  clientSetting(
    @CurrentActor() actor: Actor,
    @Param('clientId', new ResourceIdPipe('tax_setting')) clientId: string,
  ): Promise<TaxSettingView> {
    return this.taxes.getSetting(actor, 'client', clientId);
  }

  @Put('clients/:clientId/tax-setting')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets a client's tax setting (replaces it; a matter's own setting wins over it)" })
  @ApiOkResponse({ type: TaxSettingView })
  @ApiProblemResponse(404, 'Billing knows no such client in your firm.')
  @ApiProblemResponse(422, 'tax_code_unknown: no tax rate has that code.' + IDEMPOTENCY_422)
  setClientSetting(
    @CurrentActor() actor: Actor,
    @Param('clientId', new ResourceIdPipe('client')) clientId: string,
    @Body() body: TaxSettingDto,
  ): Promise<TaxSettingView> {
    return this.taxes.putSetting(actor, 'client', clientId, body);
  }

  @Get('matters/:matterId/tax-setting')
  @ApiOperation({ summary: "A matter's tax setting (which tax its work bears, or exempt)" })
  @ApiOkResponse({ type: TaxSettingView })
  @ApiProblemResponse(404, 'The matter has no tax setting in your firm.')
  matterSetting(
    @CurrentActor() actor: Actor,
    @Param('matterId', new ResourceIdPipe('tax_setting')) matterId: string,
  ): Promise<TaxSettingView> {
    return this.taxes.getSetting(actor, 'matter', matterId);
  }

  @Put('matters/:matterId/tax-setting')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets a matter's tax setting (replaces it; wins over the client's)" })
  @ApiOkResponse({ type: TaxSettingView })
  @ApiProblemResponse(404, 'Billing knows no such matter in your firm.')
  @ApiProblemResponse(422, 'tax_code_unknown: no tax rate has that code.' + IDEMPOTENCY_422)
  setMatterSetting(
    @CurrentActor() actor: Actor,
    @Param('matterId', new ResourceIdPipe('matter')) matterId: string,
    @Body() body: TaxSettingDto,
  ): Promise<TaxSettingView> {
    return this.taxes.putSetting(actor, 'matter', matterId, body);
  }
}
