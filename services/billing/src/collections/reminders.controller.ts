import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  InvoiceReminderView,
  ReminderScheduleDto,
  ReminderScheduleView,
  ReminderSweepDto,
  ReminderSweepView,
} from './dto/reminders.dto';
import { RemindersService } from './reminders.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/collections')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('reminder-schedule')
  @ApiOperation({ summary: "Gets the firm's payment-reminder schedule" })
  @ApiOkResponse({ type: ReminderScheduleView })
  @ApiProblemResponse(404, 'reminder_schedule not found (none set).')
  get(@CurrentActor() actor: Actor): Promise<ReminderScheduleView> {
    return this.reminders.schedule(actor);
  }

  @Put('reminder-schedule')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets the firm's payment-reminder schedule (days relative to the due date)" })
  @ApiOkResponse({ type: ReminderScheduleView })
  put(@CurrentActor() actor: Actor, @Body() body: ReminderScheduleDto): Promise<ReminderScheduleView> {
    return this.reminders.setSchedule(actor, body);
  }

  @Post('reminder-sweeps')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      "Runs the firm's reminder sweep as of a day: publishes billing.reminder.due once per invoice and step",
  })
  @ApiOkResponse({ type: ReminderSweepView })
  sweep(@CurrentActor() actor: Actor, @Body() body: ReminderSweepDto): Promise<ReminderSweepView> {
    return this.reminders.sweepFirm(actor, body.asOf);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoiceRemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get(':id/reminders')
  @ApiOperation({ summary: 'Lists the payment reminders sent for an issued invoice' })
  @ApiOkResponse({ type: [InvoiceReminderView] })
  @ApiProblemResponse(404, 'invoice not found.')
  list(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('invoice')) id: string,
  ): Promise<InvoiceReminderView[]> {
    return this.reminders.sentFor(actor, id);
  }
}
