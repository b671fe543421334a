import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
  CreateTimekeeperDto,
  TimekeeperListQuery,
  TimekeeperPage,
  TimekeeperView,
  UpdateTimekeeperDto,
} from './dto/timekeeper.dto';
import { TimekeeperService } from './timekeeper.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

const timekeeperId = new ResourceIdPipe('timekeeper');

@ApiTags('timekeepers')
@ApiBearerAuth('bearer')
@Controller('v1/timekeepers')
export class TimekeeperController {
  constructor(private readonly timekeepers: TimekeeperService) {}

  @Post()
  @Permit(TIMEKEEPING_POLICY, 'timekeeper.manage')
  @ApiOperation({ summary: 'Creates a timekeeper profile' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: TimekeeperView })
  @ApiConflictResponse({ description: '`timekeeper_user_taken`: the user already has a timekeeper profile.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTimekeeperDto): Promise<TimekeeperView> {
    return this.timekeepers.create(actor, body);
  }

  @Get()
  @Permit(TIMEKEEPING_POLICY, 'timekeeper.read')
  @ApiOperation({ summary: 'Lists timekeepers by name' })
  @ApiOkResponse({ type: TimekeeperPage, description: 'By name.' })
  list(@CurrentActor() actor: Actor, @Query() query: TimekeeperListQuery): Promise<TimekeeperPage> {
    return this.timekeepers.list(actor, { active: query.active }, query.limit, query.cursor);
  }

  @Get(':id')
  @Permit(TIMEKEEPING_POLICY, 'timekeeper.read')
  @ApiOperation({ summary: 'Gets a timekeeper' })
  @ApiOkResponse({ type: TimekeeperView })
  get(@CurrentActor() actor: Actor, @Param('id', timekeeperId) id: string): Promise<TimekeeperView> {
    return this.timekeepers.get(actor, id);
  }

  @Patch(':id')
  @Permit(TIMEKEEPING_POLICY, 'timekeeper.manage')
  @ApiOperation({ summary: 'Renames, reclassifies or (de)activates a timekeeper' })
  @ApiOkResponse({ type: TimekeeperView })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', timekeeperId) id: string,
    @Body() body: UpdateTimekeeperDto,
  ): Promise<TimekeeperView> {
    return this.timekeepers.update(actor, id, body);
  }
}
