import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import { ConvertedLeadView, ConvertLeadDto } from './dto/convert-lead.dto';
import { CreateLeadDto, LeadListQuery, LeadPage, LeadView, UpdateLeadDto } from './dto/lead.dto';
import { LeadService } from './lead.service';
import { INTAKE_POLICY } from '../access-policy';

const leadId = new ResourceIdPipe('lead');

/** Leads of the caller's firm; another firm's lead answers 404 like an unknown one. */
@ApiTags('leads')
@ApiBearerAuth('bearer')
@Controller('v1/leads')
export class LeadController {
  constructor(private readonly leads: LeadService) {}

  @Post()
  @Permit(INTAKE_POLICY, 'lead.create')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a lead',
    description:
      'The lead starts at the first stage of the pipeline. Without responsibleAttorneyId, a routing rule for its ' +
      'practice area assigns the attorney. Its name is indexed, so later conflict checks find it (record.type lead).',
  })
  @ApiCreatedResponse({ type: LeadView })
  create(@CurrentActor() actor: Actor, @Body() body: CreateLeadDto): Promise<LeadView> {
    return this.leads.create(actor, body);
  }

  @Get()
  @Permit(INTAKE_POLICY, 'lead.read')
  @ApiOperation({ summary: 'List leads' })
  @ApiOkResponse({ type: LeadPage, description: 'Newest first.' })
  list(@CurrentActor() actor: Actor, @Query() query: LeadListQuery): Promise<LeadPage> {
    return this.leads.list(actor, query);
  }

  @Get(':id')
  @Permit(INTAKE_POLICY, 'lead.read')
  @ApiOperation({ summary: 'Get a lead' })
  @ApiOkResponse({ type: LeadView })
  @ApiNotFoundResponse({ description: 'No such lead in this firm.' })
  get(@CurrentActor() actor: Actor, @Param('id', leadId) id: string): Promise<LeadView> {
    return this.leads.get(actor, id);
  }

  @Patch(':id')
  @Permit(INTAKE_POLICY, 'lead.edit')
  @ApiOperation({
    summary: 'Change a lead or move it through the pipeline',
    description:
      'Absent fields stay; null clears an optional one. The stage must be one of the pipeline; the not-hired stage ' +
      'needs notHiredReason; the hired stage is reached only by convert (409 use_convert); a converted or not-hired ' +
      'lead no longer changes stage (409 lead_closed).',
  })
  @ApiOkResponse({ type: LeadView })
  @ApiNotFoundResponse({ description: 'No such lead in this firm.' })
  @ApiConflictResponse({ description: 'use_convert, or lead_closed.' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', leadId) id: string,
    @Body() body: UpdateLeadDto,
  ): Promise<LeadView> {
    return this.leads.update(actor, id, body);
  }

  @Post(':id/convert')
  @Permit(INTAKE_POLICY, 'lead.convert')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Convert a lead into a client and a matter',
    description:
      'One transaction: creates the client from the lead, opens the matter (the conflict check runs; with hits the ' +
      'matter is pending until sign-off) and moves the lead to the hired stage. If any step is refused nothing is created.',
  })
  @ApiCreatedResponse({ type: ConvertedLeadView })
  @ApiNotFoundResponse({ description: 'No such lead in this firm.' })
  @ApiConflictResponse({ description: 'lead_already_converted, or lead_closed (the lead is not-hired).' })
  @ApiUnprocessableEntityResponse({ description: 'The matter was refused, e.g. contingency_fee_forbidden.' })
  convert(
    @CurrentActor() actor: Actor,
    @Param('id', leadId) id: string,
    @Body() body: ConvertLeadDto,
  ): Promise<ConvertedLeadView> {
    return this.leads.convert(actor, id, body);
  }
}
