import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import {
  StartTimerDto,
  StoppedTimerView,
  StopTimerDto,
  TimerListQuery,
  TimerPage,
  TimerView,
} from './dto/timer.dto';
import { TimerService } from './timer.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

const timerId = new ResourceIdPipe('timer');

@ApiTags('timers')
@ApiBearerAuth('bearer')
@Controller('v1/timers')
export class TimerController {
  constructor(private readonly timers: TimerService) {}

  @Post()
  @Permit(TIMEKEEPING_POLICY, 'timer.drive')
  @ApiOperation({ summary: 'Starts a timer on an open matter' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: TimerView, description: "A running timer for the caller's timekeeper." })
  @ApiConflictResponse({ description: '`timer_already_running`, with `runningTimerId`.' })
  start(@CurrentActor() actor: Actor, @Body() body: StartTimerDto): Promise<TimerView> {
    return this.timers.start(actor, body);
  }

  @Get()
  @Permit(TIMEKEEPING_POLICY, 'timer.read')
  @ApiOperation({ summary: "Lists the caller's timers, newest first" })
  @ApiOkResponse({ type: TimerPage, description: "The caller's timers, newest first." })
  list(@CurrentActor() actor: Actor, @Query() query: TimerListQuery): Promise<TimerPage> {
    return this.timers.list(actor, { state: query.state }, query.limit, query.cursor);
  }

  @Get(':id')
  @Permit(TIMEKEEPING_POLICY, 'timer.read')
  @ApiOperation({ summary: "Gets one of the caller's timers" })
  @ApiOkResponse({ type: TimerView })
  get(@CurrentActor() actor: Actor, @Param('id', timerId) id: string): Promise<TimerView> {
    return this.timers.get(actor, id);
  }

  @Post(':id/pause')
  @Permit(TIMEKEEPING_POLICY, 'timer.drive')
  @ApiOperation({ summary: 'Pauses a running timer' })
  @HttpCode(200)
  @ApiOkResponse({ type: TimerView })
  @ApiConflictResponse({
    description: '`invalid_transition` with `currentState` (only a running timer can be paused).',
  })
  pause(@CurrentActor() actor: Actor, @Param('id', timerId) id: string): Promise<TimerView> {
    return this.timers.pause(actor, id);
  }

  @Post(':id/resume')
  @Permit(TIMEKEEPING_POLICY, 'timer.drive')
  @ApiOperation({ summary: 'Resumes a paused timer' })
  @HttpCode(200)
  @ApiOkResponse({ type: TimerView })
  @ApiConflictResponse({
    description: '`invalid_transition` (only a paused timer resumes) or `timer_already_running`.',
  })
  resume(@CurrentActor() actor: Actor, @Param('id', timerId) id: string): Promise<TimerView> {
    return this.timers.resume(actor, id);
  }

  @Post(':id/stop')
  @Permit(TIMEKEEPING_POLICY, 'timer.drive')
  @ApiOperation({ summary: 'Stops a timer; its time becomes a draft entry' })
  @HttpCode(200)
  @ApiOkResponse({
    type: StoppedTimerView,
    description: 'The stopped timer and the draft time entry it became.',
  })
  @ApiConflictResponse({
    description: '`invalid_transition` with `currentState` (the timer is already stopped).',
  })
  stop(
    @CurrentActor() actor: Actor,
    @Param('id', timerId) id: string,
    @Body() body: StopTimerDto,
  ): Promise<StoppedTimerView> {
    return this.timers.stop(actor, id, body);
  }
}
