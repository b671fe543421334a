import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { ConflictCheckViewDto as ConflictCheckView } from '../conflicts/conflict.service';
import {
  CloseMatterDto,
  CreateMatterDto,
  MatterPage,
  MatterPartyDto,
  MatterView,
  UpdateMatterDto,
} from './dto/create-matter.dto';
import { FeeArrangementDto } from './dto/fee-arrangement.dto';
import { MatterService, type PartyView } from './matter.service';
import { INTAKE_POLICY } from '../access-policy';

class MatterListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only matters of this client.' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;
}

const matterId = new ResourceIdPipe('matter');

@ApiTags('matters')
@ApiBearerAuth('bearer')
@Controller('v1/matters')
export class MatterController {
  constructor(private readonly matters: MatterService) {}

  @Post()
  @Permit(INTAKE_POLICY, 'matter.open')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Open a matter',
    description:
      'Runs a conflict check over the client and every party first. No hits: the matter opens at once (`status: open`, ' +
      'check cleared automatically). Hits: the matter stays `pending` until an attorney signs the check off ' +
      '(`POST /v1/conflict-checks/{id}/sign-off`). Contingent fees are refused in family-law and criminal matters (Rule 1.5(d)).',
  })
  @ApiCreatedResponse({ type: MatterView })
  open(@CurrentActor() actor: Actor, @Body() body: CreateMatterDto): Promise<MatterView> {
    return this.matters.open(actor, body);
  }

  @Get()
  @Permit(INTAKE_POLICY, 'matter.read')
  @ApiOperation({ summary: 'List matters' })
  @ApiOkResponse({ type: MatterPage })
  list(@CurrentActor() actor: Actor, @Query() query: MatterListQuery): Promise<MatterPage> {
    return this.matters.list(actor, query.limit, query.cursor, query.clientId);
  }

  @Get(':id')
  @Permit(INTAKE_POLICY, 'matter.read')
  @ApiOperation({ summary: 'Get a matter' })
  @ApiOkResponse({ type: MatterView })
  get(@CurrentActor() actor: Actor, @Param('id', matterId) id: string): Promise<MatterView> {
    return this.matters.get(actor, id);
  }

  @Patch(':id')
  @Permit(INTAKE_POLICY, 'matter.edit')
  @ApiOperation({ summary: "Change a matter's details" })
  @ApiOkResponse({ type: MatterView })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', matterId) id: string,
    @Body() body: UpdateMatterDto,
  ): Promise<MatterView> {
    return this.matters.update(actor, id, body);
  }

  @Post(':id/close')
  @Permit(INTAKE_POLICY, 'matter.close')
  @ApiOperation({ summary: 'Close a matter' })
  @HttpCode(200)
  @ApiOkResponse({ type: MatterView, description: 'Closed matters refuse new time.' })
  close(
    @CurrentActor() actor: Actor,
    @Param('id', matterId) id: string,
    @Body() body: CloseMatterDto,
  ): Promise<MatterView> {
    return this.matters.close(actor, id, body.reason);
  }

  @Post(':id/reopen')
  @Permit(INTAKE_POLICY, 'matter.reopen')
  @ApiOperation({ summary: 'Reopen a matter' })
  @HttpCode(200)
  @ApiOkResponse({ type: MatterView })
  reopen(@CurrentActor() actor: Actor, @Param('id', matterId) id: string): Promise<MatterView> {
    return this.matters.reopen(actor, id);
  }

  @Get(':id/conflict-checks')
  @Permit(INTAKE_POLICY, 'matter.read')
  @ApiOperation({ summary: "List a matter's conflict checks" })
  @ApiOkResponse({
    type: [ConflictCheckView],
    description: 'Every check run for the matter, newest first, as it was stored.',
  })
  conflictChecks(
    @CurrentActor() actor: Actor,
    @Param('id', matterId) id: string,
  ): Promise<ConflictCheckView[]> {
    return this.matters.conflictChecksOf(actor, id);
  }

  @Get(':id/parties')
  @Permit(INTAKE_POLICY, 'matter.read')
  @ApiOperation({ summary: "List a matter's parties" })
  parties(@CurrentActor() actor: Actor, @Param('id', matterId) id: string): Promise<PartyView[]> {
    return this.matters.listParties(actor, id);
  }

  @Post(':id/parties')
  @Permit(INTAKE_POLICY, 'party.add')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a party to a matter',
    description: 'A conflict check is run on the party and returned with it.',
  })
  addParty(
    @CurrentActor() actor: Actor,
    @Param('id', matterId) id: string,
    @Body() body: MatterPartyDto,
  ): Promise<{ party: PartyView; conflictCheck: ConflictCheckView }> {
    return this.matters.addParty(actor, id, body);
  }

  @Get(':id/fee-arrangement')
  @Permit(INTAKE_POLICY, 'matter.read')
  @ApiOperation({ summary: "Get a matter's fee arrangement" })
  @ApiOkResponse({ type: FeeArrangementDto })
  feeArrangement(
    @CurrentActor() actor: Actor,
    @Param('id', matterId) id: string,
  ): Promise<FeeArrangementDto> {
    return this.matters.getFeeArrangement(actor, id);
  }

  @Put(':id/fee-arrangement')
  @Permit(INTAKE_POLICY, 'fee-arrangement.set')
  @ApiOperation({ summary: "Set a matter's fee arrangement" })
  @ApiOkResponse({ type: FeeArrangementDto })
  setFeeArrangement(
    @CurrentActor() actor: Actor,
    @Param('id', matterId) id: string,
    @Body() body: FeeArrangementDto,
  ): Promise<FeeArrangementDto> {
    return this.matters.setFeeArrangement(actor, id, body);
  }
}
