import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor, type FirmRole } from '@lawfirm/auth';
import { ApiProblemResponse, PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { DeadlineService } from './deadline.service';
import {
  ClosureList,
  ClosureRangeQuery,
  ClosureResultView,
  CreateTriggerDto,
  DeadlinePage,
  DeadlineRangeQuery,
  DeadlineView,
  DeclareClosureDto,
  OverrideDeadlineDto,
  ReviewDeadlineDto,
  TriggerPage,
  TriggerRemovedView,
  TriggerResultView,
  UpdateTriggerDto,
} from './dto/deadline.dto';

/** Who may change the docket: the people who answer for a deadline. Every firm role may read it. */
const DOCKETING: FirmRole[] = ['firm-admin', 'attorney', 'paralegal'];
const matterId = new ResourceIdPipe('matter');
const triggerId = new ResourceIdPipe('trigger');
const deadlineId = new ResourceIdPipe('deadline');

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1')
export class DeadlineController {
  constructor(private readonly deadlines: DeadlineService) {}

  @Post('matters/:matterId/triggers')
  @HttpCode(201)
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: 'Records a triggering event on a matter and computes every deadline it starts' })
  @ApiCreatedResponse({
    type: TriggerResultView,
    description: 'The trigger, its deadlines with explanations, and what was added.',
  })
  @ApiProblemResponse(
    409,
    'The matter is closed, or already has this event for this party under this rule set.',
  )
  @ApiProblemResponse(422, 'No version of the rule set was in force on the trigger date.')
  createTrigger(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Body() body: CreateTriggerDto,
  ): Promise<TriggerResultView> {
    return this.deadlines.createTrigger(actor, matter, body);
  }

  @Get('matters/:matterId/triggers')
  @ApiOperation({ summary: "Lists a matter's triggers, earliest first" })
  @ApiOkResponse({ type: TriggerPage })
  triggersOfMatter(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Query() page: PageQuery,
  ): Promise<TriggerPage> {
    return this.deadlines.triggersOfMatter(actor, matter, page.limit, page.cursor);
  }

  @Get('matters/:matterId/deadlines')
  @ApiOperation({ summary: "Lists a matter's deadlines, soonest first, each with its explanation" })
  @ApiOkResponse({ type: DeadlinePage })
  deadlinesOfMatter(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Query() page: PageQuery,
  ): Promise<DeadlinePage> {
    return this.deadlines.deadlinesOfMatter(actor, matter, page.limit, page.cursor);
  }

  @Get('triggers/:id')
  @ApiOperation({ summary: 'Gets a trigger with its deadlines' })
  @ApiOkResponse({ type: TriggerResultView, description: 'The trigger and its deadlines (changes empty).' })
  async getTrigger(
    @CurrentActor() actor: Actor,
    @Param('id', triggerId) id: string,
  ): Promise<TriggerResultView> {
    return {
      ...(await this.deadlines.getTrigger(actor, id)),
      changes: { added: [], moved: [], flagged: [], removed: [] },
    };
  }

  @Patch('triggers/:id')
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: "Changes a trigger's date or service method and recomputes its deadlines" })
  @ApiOkResponse({
    type: TriggerResultView,
    description:
      'What moved (old → new), what was flagged for review instead of moved, what was added or removed.',
  })
  @ApiProblemResponse(409, 'The matter is closed.')
  @ApiProblemResponse(422, 'No version of the rule set was in force on the new date.')
  updateTrigger(
    @CurrentActor() actor: Actor,
    @Param('id', triggerId) id: string,
    @Body() body: UpdateTriggerDto,
  ): Promise<TriggerResultView> {
    return this.deadlines.updateTrigger(actor, id, body);
  }

  @Delete('triggers/:id')
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: 'Removes a trigger and the deadlines it started, listing them' })
  @ApiOkResponse({ type: TriggerRemovedView })
  @ApiProblemResponse(409, 'The matter is closed.')
  removeTrigger(
    @CurrentActor() actor: Actor,
    @Param('id', triggerId) id: string,
  ): Promise<TriggerRemovedView> {
    return this.deadlines.removeTrigger(actor, id);
  }

  @Get('deadlines')
  @ApiOperation({ summary: "Lists the firm's deadlines due in a date range, soonest first" })
  @ApiOkResponse({ type: DeadlinePage })
  deadlinesBetween(@CurrentActor() actor: Actor, @Query() query: DeadlineRangeQuery): Promise<DeadlinePage> {
    return this.deadlines.deadlinesBetween(actor, query.from, query.to, query.limit, query.cursor);
  }

  @Get('deadlines/:id')
  @ApiOperation({ summary: 'Gets a deadline with its explanation' })
  @ApiOkResponse({ type: DeadlineView })
  getDeadline(@CurrentActor() actor: Actor, @Param('id', deadlineId) id: string): Promise<DeadlineView> {
    return this.deadlines.getDeadline(actor, id);
  }

  @Post('deadlines/:id/complete')
  @HttpCode(200)
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: 'Marks a deadline done' })
  @ApiOkResponse({ type: DeadlineView })
  @ApiProblemResponse(409, 'The deadline is already done.')
  complete(@CurrentActor() actor: Actor, @Param('id', deadlineId) id: string): Promise<DeadlineView> {
    return this.deadlines.completeDeadline(actor, id);
  }

  @Post('deadlines/:id/override')
  @HttpCode(200)
  @RequireRoles(...DOCKETING)
  @ApiOperation({
    summary: 'Sets the date in force by hand (recalculations then flag it instead of moving it)',
  })
  @ApiOkResponse({ type: DeadlineView })
  override(
    @CurrentActor() actor: Actor,
    @Param('id', deadlineId) id: string,
    @Body() body: OverrideDeadlineDto,
  ): Promise<DeadlineView> {
    return this.deadlines.overrideDeadline(actor, id, body);
  }

  @Post('deadlines/:id/review')
  @HttpCode(200)
  @RequireRoles(...DOCKETING)
  @ApiOperation({
    summary: 'Settles a deadline flagged for review: keep its date or accept the computed one',
  })
  @ApiOkResponse({ type: DeadlineView })
  @ApiProblemResponse(409, 'The deadline is not flagged for review.')
  review(
    @CurrentActor() actor: Actor,
    @Param('id', deadlineId) id: string,
    @Body() body: ReviewDeadlineDto,
  ): Promise<DeadlineView> {
    return this.deadlines.reviewDeadline(actor, id, body.decision);
  }

  @Post('court-closures')
  @HttpCode(201)
  @RequireRoles(...DOCKETING)
  @ApiOperation({
    summary: "Declares a day the clerk's office was inaccessible and recomputes the deadlines it affects",
  })
  @ApiCreatedResponse({ type: ClosureResultView })
  @ApiProblemResponse(409, 'A closure of this calendar on this day is already declared.')
  declareClosure(@CurrentActor() actor: Actor, @Body() body: DeclareClosureDto): Promise<ClosureResultView> {
    return this.deadlines.declareClosure(actor, body);
  }

  @Get('court-closures')
  @ApiOperation({ summary: "Lists the firm's declared court closures in a date range" })
  @ApiOkResponse({ type: ClosureList })
  closures(@CurrentActor() actor: Actor, @Query() query: ClosureRangeQuery): Promise<ClosureList> {
    return this.deadlines.closuresBetween(actor, query.from, query.to);
  }
}
