import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor, type FirmRole } from '@lawfirm/auth';
import { ApiProblemResponse, PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { CourtEventService } from './court-event.service';
import {
  ContinueCourtEventDto,
  CourtEventDetailView,
  CourtEventPage,
  CourtEventRangeQuery,
  CourtEventView,
  CreateCourtEventDto,
  UpdateCourtEventDto,
  VacateCourtEventDto,
} from './dto/court-event.dto';

/** Who may change the calendar: the people who answer for the docket. Every firm role may read it. */
const DOCKETING: FirmRole[] = ['firm-admin', 'attorney', 'paralegal'];
const matterId = new ResourceIdPipe('matter');
const courtEventId = new ResourceIdPipe('court-event');

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1')
export class CourtEventController {
  constructor(private readonly courtEvents: CourtEventService) {}

  @Post('matters/:matterId/court-events')
  @HttpCode(201)
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: 'Schedules a hearing, deposition, trial, conference or mediation on a matter' })
  @ApiCreatedResponse({ type: CourtEventView, description: 'The event; its reminders are planned.' })
  @ApiProblemResponse(409, 'The matter is closed.')
  schedule(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Body() body: CreateCourtEventDto,
  ): Promise<CourtEventView> {
    return this.courtEvents.schedule(actor, matter, body);
  }

  @Get('matters/:matterId/court-events')
  @ApiOperation({ summary: "Lists a matter's court events, earliest first" })
  @ApiOkResponse({ type: CourtEventPage })
  ofMatter(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Query() page: PageQuery,
  ): Promise<CourtEventPage> {
    return this.courtEvents.ofMatter(actor, matter, page.limit, page.cursor);
  }

  @Get('court-events')
  @ApiOperation({ summary: "Lists the firm's court events starting in a date range, earliest first" })
  @ApiOkResponse({ type: CourtEventPage })
  between(@CurrentActor() actor: Actor, @Query() query: CourtEventRangeQuery): Promise<CourtEventPage> {
    return this.courtEvents.between(actor, query.from, query.to, query.limit, query.cursor);
  }

  @Get('court-events/:id')
  @ApiOperation({ summary: 'Gets a court event with its history' })
  @ApiOkResponse({ type: CourtEventDetailView })
  get(@CurrentActor() actor: Actor, @Param('id', courtEventId) id: string): Promise<CourtEventDetailView> {
    return this.courtEvents.get(actor, id);
  }

  @Patch('court-events/:id')
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: "Changes a court event's details or time (a new time re-plans its reminders)" })
  @ApiOkResponse({ type: CourtEventView })
  @ApiProblemResponse(409, 'The event is vacated.')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', courtEventId) id: string,
    @Body() body: UpdateCourtEventDto,
  ): Promise<CourtEventView> {
    return this.courtEvents.update(actor, id, body);
  }

  @Post('court-events/:id/continue')
  @HttpCode(200)
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: 'Continues (postpones) a court event, to a new time or one not yet set' })
  @ApiOkResponse({ type: CourtEventView })
  @ApiProblemResponse(409, 'The event is vacated.')
  continueEvent(
    @CurrentActor() actor: Actor,
    @Param('id', courtEventId) id: string,
    @Body() body: ContinueCourtEventDto,
  ): Promise<CourtEventView> {
    return this.courtEvents.continueEvent(actor, id, body);
  }

  @Post('court-events/:id/vacate')
  @HttpCode(200)
  @RequireRoles(...DOCKETING)
  @ApiOperation({ summary: 'Vacates a court event (takes it off calendar for good; reminders cancelled)' })
  @ApiOkResponse({ type: CourtEventView })
  @ApiProblemResponse(409, 'The event is already vacated.')
  vacate(
    @CurrentActor() actor: Actor,
    @Param('id', courtEventId) id: string,
    @Body() body: VacateCourtEventDto,
  ): Promise<CourtEventView> {
    return this.courtEvents.vacate(actor, id, body.reason);
  }
}
