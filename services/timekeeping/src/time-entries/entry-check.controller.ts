import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { CreateTimeEntryDto, EntryCheckView } from './dto/create-time-entry.dto';
import { EntryCheckService } from './entry-check.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

/**
 * `POST /v1/time-entries/validate`. A static path beside TimeEntryController's `:id` routes: the
 * router matches static segments before parameters, and the entry routes that take a POST are all
 * two segments deep (`:id/submit`, …), so "validate" is never read as an entry id.
 */
@ApiTags('time-entries')
@ApiBearerAuth('bearer')
@Controller('v1/time-entries')
export class EntryCheckController {
  constructor(private readonly checks: EntryCheckService) {}

  @Post('validate')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.validate')
  @ApiOperation({ summary: "Checks a time entry against the client's guideline without saving it" })
  @HttpCode(200)
  @ApiOkResponse({
    type: EntryCheckView,
    description:
      "Billed tenths and the client's guideline findings for an entry as it would be recorded now; nothing is saved.",
  })
  @ApiUnprocessableEntityResponse({
    description: 'The matter is unknown or not open (as for POST /v1/time-entries).',
  })
  validate(@CurrentActor() actor: Actor, @Body() body: CreateTimeEntryDto): Promise<EntryCheckView> {
    return this.checks.check(actor, body);
  }
}
