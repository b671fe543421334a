import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import {
  PracticeAreaParams,
  RoutingRulesView,
  RoutingRuleView,
  SetRoutingRuleDto,
} from './dto/lead-pipeline.dto';
import { LeadPipelineService } from './lead-pipeline.service';
import { INTAKE_POLICY } from '../access-policy';

/** Which attorney new leads of a practice area go to (matched exactly on the practice area text). */
@ApiTags('leads')
@ApiBearerAuth('bearer')
@Controller('v1/lead-routing-rules')
export class LeadRoutingController {
  constructor(private readonly pipeline: LeadPipelineService) {}

  @Get()
  @Permit(INTAKE_POLICY, 'lead-pipeline.read')
  @ApiOperation({ summary: 'List lead routing rules' })
  @ApiOkResponse({ type: RoutingRulesView })
  list(@CurrentActor() actor: Actor): Promise<RoutingRulesView> {
    return this.pipeline.routingRules(actor);
  }

  @Put(':practiceArea')
  @Permit(INTAKE_POLICY, 'lead-pipeline.manage')
  @ApiOperation({
    summary: 'Set a lead routing rule',
    description: 'Routes new leads of a practice area to an attorney (creates or replaces the rule).',
  })
  @ApiOkResponse({ type: RoutingRuleView })
  set(
    @CurrentActor() actor: Actor,
    @Param() params: PracticeAreaParams,
    @Body() body: SetRoutingRuleDto,
  ): Promise<RoutingRuleView> {
    return this.pipeline.setRoutingRule(actor, params.practiceArea, body.responsibleAttorneyId);
  }

  @Delete(':practiceArea')
  @Permit(INTAKE_POLICY, 'lead-pipeline.manage')
  @ApiOperation({ summary: 'Delete a lead routing rule' })
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'New leads of the practice area are no longer assigned automatically.',
  })
  @ApiNotFoundResponse({ description: 'No rule for this practice area.' })
  async remove(@CurrentActor() actor: Actor, @Param() params: PracticeAreaParams): Promise<void> {
    await this.pipeline.deleteRoutingRule(actor, params.practiceArea);
  }
}
