import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import {
  ReminderKindParam,
  ReminderList,
  ReminderQuery,
  ReminderRuleList,
  ReminderRuleView,
  SetReminderRuleDto,
  SweepDto,
  SweepResultView,
} from './dto/reminder.dto';
import { ReminderService } from './reminder.service';

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1')
export class ReminderController {
  constructor(private readonly reminders: ReminderService) {}

  @Get('reminder-rules')
  @ApiOperation({ summary: "The firm's reminder lead times for deadlines and court events" })
  @ApiOkResponse({ type: ReminderRuleList })
  async rules(@CurrentActor() actor: Actor): Promise<ReminderRuleList> {
    return { items: await this.reminders.rules(actor) };
  }

  @Put('reminder-rules/:itemKind')
  @RequireRoles('firm-admin', 'attorney')
  @ApiOperation({
    summary: 'Sets the firm’s reminder lead times for deadlines or court events (items planned from now on)',
  })
  @ApiOkResponse({ type: ReminderRuleView })
  setRule(
    @CurrentActor() actor: Actor,
    @Param() param: ReminderKindParam,
    @Body() body: SetReminderRuleDto,
  ): Promise<ReminderRuleView> {
    return this.reminders.setRule(actor, param.itemKind, body);
  }

  @Get('reminders')
  @ApiOperation({
    summary: 'Lists the reminder steps of a deadline or court event: pending, sent, cancelled',
  })
  @ApiOkResponse({ type: ReminderList })
  async ofItem(@CurrentActor() actor: Actor, @Query() query: ReminderQuery): Promise<ReminderList> {
    return { items: await this.reminders.ofItem(actor, query.itemId) };
  }

  @Post('reminders/sweep')
  @HttpCode(200)
  @RequireRoles('firm-admin')
  @ApiOperation({
    summary: "Sends the firm's reminders due by asOf now (operations and tests; each step is sent once)",
  })
  @ApiOkResponse({ type: SweepResultView })
  @ApiProblemResponse(400, 'asOf is not an ISO 8601 date-time.')
  sweep(@CurrentActor() actor: Actor, @Body() body: SweepDto): Promise<SweepResultView> {
    return this.reminders.sweepFirm(actor, body.asOf ? new Date(body.asOf) : new Date());
  }
}
