import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  LateChargeRunDto,
  LateChargeRunView,
  LateChargeTermsDto,
  LateChargeTermsQuery,
  LateChargeTermsView,
  LateChargeView,
} from './dto/late-charges.dto';
import { LateChargesService } from './late-charges.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/collections')
export class LateChargesController {
  constructor(private readonly lateCharges: LateChargesService) {}

  @Get('late-charge-terms')
  @ApiOperation({ summary: "Gets a matter's late-charge terms, or the firm's default ones" })
  @ApiOkResponse({ type: LateChargeTermsView })
  @ApiProblemResponse(404, 'late_charge_terms not found (none set: no late charges).')
  get(@CurrentActor() actor: Actor, @Query() query: LateChargeTermsQuery): Promise<LateChargeTermsView> {
    return this.lateCharges.terms(actor, query.matterId);
  }

  @Put('late-charge-terms')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      "Sets the late charges a matter's engagement allows (or the firm's default): interest per annum, a flat fee, grace days, a cap",
  })
  @ApiOkResponse({ type: LateChargeTermsView })
  @ApiProblemResponse(404, 'matter not found.')
  put(@CurrentActor() actor: Actor, @Body() body: LateChargeTermsDto): Promise<LateChargeTermsView> {
    return this.lateCharges.setTerms(actor, body);
  }

  @Post('late-charge-runs')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      "Runs the firm's late charges as of a day: charges each overdue invoice its engagement allows once for the month of asOf",
  })
  @ApiOkResponse({ type: LateChargeRunView })
  run(@CurrentActor() actor: Actor, @Body() body: LateChargeRunDto): Promise<LateChargeRunView> {
    return this.lateCharges.runFirm(actor, body.asOf);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoiceLateChargesController {
  constructor(private readonly lateCharges: LateChargesService) {}

  @Get(':id/late-charges')
  @ApiOperation({ summary: 'Lists the late charges issued on an invoice, one per period' })
  @ApiOkResponse({ type: [LateChargeView] })
  @ApiProblemResponse(404, 'invoice not found.')
  list(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('invoice')) id: string,
  ): Promise<LateChargeView[]> {
    return this.lateCharges.ofInvoice(actor, id);
  }
}
