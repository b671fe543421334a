import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { LeadStagesView, ReplaceLeadStagesDto } from './dto/lead-pipeline.dto';
import { LeadPipelineService } from './lead-pipeline.service';
import { INTAKE_POLICY } from '../access-policy';

@ApiTags('leads')
@ApiBearerAuth('bearer')
@Controller('v1/lead-stages')
export class LeadStageController {
  constructor(private readonly pipeline: LeadPipelineService) {}

  @Get()
  @Permit(INTAKE_POLICY, 'lead-pipeline.read')
  @ApiOperation({
    summary: "List the firm's lead stages",
    description: "The firm's lead pipeline in order (the defaults until the firm sets its own).",
  })
  @ApiOkResponse({ type: LeadStagesView })
  list(@CurrentActor() actor: Actor): Promise<LeadStagesView> {
    return this.pipeline.stages(actor);
  }

  @Put()
  @Permit(INTAKE_POLICY, 'lead-pipeline.manage')
  @ApiOperation({ summary: "Replace the firm's lead pipeline" })
  @ApiOkResponse({ type: LeadStagesView })
  @ApiConflictResponse({
    description: 'lead_stage_in_use: leads are in a stage that would be removed or change outcome.',
  })
  replace(@CurrentActor() actor: Actor, @Body() body: ReplaceLeadStagesDto): Promise<LeadStagesView> {
    return this.pipeline.replaceStages(actor, body.stages);
  }
}
