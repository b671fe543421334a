import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import {
  BillingGuidelinePage,
  BillingGuidelineView,
  PutBillingGuidelineDto,
} from './dto/billing-guideline.dto';
import { GuidelineService } from './guideline.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

const clientId = new ResourceIdPipe('client');

/**
 * A client's outside-counsel billing guideline. Every PUT records a new version; old versions stay
 * as they were. A client this firm has no matter for (another firm's included) answers 404.
 */
@ApiTags('billing-guidelines')
@ApiBearerAuth('bearer')
@Controller('v1/clients/:clientId/billing-guidelines')
export class GuidelineController {
  constructor(private readonly guidelines: GuidelineService) {}

  @Put()
  @Permit(TIMEKEEPING_POLICY, 'guideline.record')
  @ApiOperation({ summary: "Records a new version of the client's billing guideline" })
  @HttpCode(201)
  @ApiCreatedResponse({
    type: BillingGuidelineView,
    description: "The client's next guideline version; it applies to entries evaluated from now on.",
  })
  @ApiNotFoundResponse({ description: 'No matter of this client in this firm.' })
  record(
    @CurrentActor() actor: Actor,
    @Param('clientId', clientId) id: string,
    @Body() body: PutBillingGuidelineDto,
  ): Promise<BillingGuidelineView> {
    return this.guidelines.record(actor, id, body);
  }

  // Reading is open to every firm role: timekeepers need to know the rules their time is held to.
  @Get()
  @Permit(TIMEKEEPING_POLICY, 'guideline.read')
  @ApiOperation({ summary: "Gets the client's billing guideline in force" })
  @ApiOkResponse({ type: BillingGuidelineView, description: 'The version in force.' })
  @ApiNotFoundResponse({
    description:
      'No matter of this client in this firm (client_not_found), or no guideline yet (billing_guideline_not_found).',
  })
  current(
    @CurrentActor() actor: Actor,
    @Param('clientId', clientId) id: string,
  ): Promise<BillingGuidelineView> {
    return this.guidelines.get(actor, id);
  }

  @Get('versions')
  @Permit(TIMEKEEPING_POLICY, 'guideline.read')
  @ApiOperation({ summary: "Lists every version of the client's billing guideline" })
  @ApiOkResponse({ type: BillingGuidelinePage, description: 'Every version, newest first.' })
  @ApiNotFoundResponse({ description: 'No matter of this client in this firm.' })
  versions(
    @CurrentActor() actor: Actor,
    @Param('clientId', clientId) id: string,
    @Query() query: PageQuery,
  ): Promise<BillingGuidelinePage> {
    return this.guidelines.versions(actor, id, query.limit, query.cursor);
  }
}
