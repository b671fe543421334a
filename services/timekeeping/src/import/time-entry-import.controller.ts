import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ImportBatchDto, ImportResultView } from './dto/import-batch.dto';
import { checkImportBatch } from './import-row';
import { TimeEntryImportService } from './time-entry-import.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

@ApiTags('time-entries')
@ApiBearerAuth('bearer')
@Controller()
export class TimeEntryImportController {
  constructor(private readonly imports: TimeEntryImportService) {}

  /** `::` is Fastify's escape for a literal colon: the route is POST /v1/time-entries:batch. */
  @Post('v1/time-entries::batch')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Imports up to 10,000 time entries as drafts; idempotent by externalId.' })
  @ApiOkResponse({
    type: ImportResultView,
    description:
      "Every row's result: created, duplicate (with the existing id) or failed (with field errors).",
  })
  @ApiUnprocessableEntityResponse({
    description: "all-or-nothing with a bad row: nothing stored; the problem carries every row's result.",
  })
  @ApiBody({ type: ImportBatchDto })
  // `unknown`, not the DTO: the global ValidationPipe then leaves the body alone (see checkImportBatch).
  importBatch(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ImportResultView> {
    return this.imports.importBatch(actor, checkImportBatch(body));
  }
}
