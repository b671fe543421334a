import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  BillingLetterheadDto,
  BillingLetterheadView,
  EbillingProfileDto,
  EbillingProfileView,
} from './dto/ebilling-setup.dto';
import { LedesService } from './ledes.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1')
export class EbillingSetupController {
  constructor(private readonly ledes: LedesService) {}

  @Get('clients/:clientId/ebilling-profile')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: "A client's e-billing profile: its LEDES ids and the UTBMS codes it requires" })
  @ApiOkResponse({ type: EbillingProfileView })
  @ApiProblemResponse(404, 'The client has no e-billing profile in your firm.')
  profile(
    @CurrentActor() actor: Actor,
    @Param('clientId', new ResourceIdPipe('ebilling_profile')) clientId: string,
  ): Promise<EbillingProfileView> {
    return this.ledes.profile(actor, clientId);
  }

  @Put('clients/:clientId/ebilling-profile')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: "Set a client's e-billing profile (replaces the whole profile)" })
  @ApiOkResponse({ type: EbillingProfileView })
  setProfile(
    @CurrentActor() actor: Actor,
    @Param('clientId', new ResourceIdPipe('client')) clientId: string,
    @Body() input: EbillingProfileDto,
  ): Promise<EbillingProfileView> {
    return this.ledes.setProfile(actor, clientId, input);
  }

  @Get('billing-letterhead')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: "The firm's invoice letterhead and payment instructions" })
  @ApiOkResponse({ type: BillingLetterheadView })
  @ApiProblemResponse(404, 'The firm has not set its letterhead yet.')
  letterhead(@CurrentActor() actor: Actor): Promise<BillingLetterheadView> {
    return this.ledes.letterhead(actor);
  }

  @Put('billing-letterhead')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: "Set the firm's invoice letterhead and payment instructions (replaces them)" })
  @ApiOkResponse({ type: BillingLetterheadView })
  setLetterhead(
    @CurrentActor() actor: Actor,
    @Body() input: BillingLetterheadDto,
  ): Promise<BillingLetterheadView> {
    return this.ledes.setLetterhead(actor, input);
  }
}
