import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { AccessReason } from '../audit-store/audit-store.module';
import { OpsAuthGuard } from '../ops/ops.module';
import { DlqService } from './dlq.service';
import { DlqTopicParams, LetterParams } from './dto/letter.params';
import {
  DeadLetterList,
  DeadLetterQuery,
  DlqSummaryList,
  ReplayAllBody,
  ReplayResultView,
} from './dto/dlq.views';

const REASON_HEADER = {
  name: 'X-Access-Reason',
  required: true,
  description: 'Why you replay (10–500 characters, e.g. the ticket of the fix); kept in the audit record.',
};

@ApiTags('ops-dlq')
@ApiBearerAuth('bearer')
@UseGuards(OpsAuthGuard)
@Controller('admin/dlq')
export class DlqController {
  constructor(private readonly dlq: DlqService) {}

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({ summary: 'Every dead-letter queue: letters parked, replayed and pending per topic.' })
  @ApiOkResponse({ type: DlqSummaryList })
  @ApiProblemResponse(503, 'The broker did not answer.')
  async summary(): Promise<DlqSummaryList> {
    return { items: await this.dlq.summary() };
  }

  @Get(':topic/letters')
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({
    summary:
      "A topic's parked letters, newest first: the consumer that gave up, its error and a payload summary (the envelope and the data's keys, not the data).",
  })
  @ApiOkResponse({ type: DeadLetterList })
  @ApiProblemResponse(400, 'The limit or service filter is not valid.')
  @ApiProblemResponse(404, 'No such topic in the manifest.')
  @ApiProblemResponse(503, 'The broker did not answer.')
  async letters(@Param() params: DlqTopicParams, @Query() query: DeadLetterQuery): Promise<DeadLetterList> {
    return this.dlq.letters(params.topic, query.limit ?? 100, query.service);
  }

  @Post(':topic/letters/:partition/:offset/replay')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      'Send one parked letter back to its topic (after the fix). Once only: a second replay of the same letter answers 409.',
  })
  @ApiOkResponse({ type: ReplayResultView })
  @ApiProblemResponse(400, 'No stated reason, or a partition or offset that is not a whole number.')
  @ApiProblemResponse(404, 'No such topic, or no letter at that partition and offset.')
  @ApiProblemResponse(409, 'The letter was replayed already.')
  @ApiProblemResponse(503, 'The broker did not answer.')
  async replayOne(
    @CurrentActor() actor: Actor,
    @Param() params: LetterParams,
    @AccessReason() reason: string,
  ): Promise<ReplayResultView> {
    return this.dlq.replayOne(actor, params.topic, params.partition, params.offset, reason);
  }

  @Post(':topic/replay')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  @ApiHeader(REASON_HEADER)
  @ApiOperation({
    summary:
      "Send every letter not replayed yet back to its topic, oldest first (up to 1,000 a request), optionally only one consumer group's.",
  })
  @ApiOkResponse({ type: ReplayResultView })
  @ApiProblemResponse(400, 'No stated reason, or a consumerGroup that is not a Kafka group id.')
  @ApiProblemResponse(404, 'No such topic in the manifest.')
  @ApiProblemResponse(503, 'The broker did not answer.')
  async replayAll(
    @CurrentActor() actor: Actor,
    @Param() params: DlqTopicParams,
    @AccessReason() reason: string,
    @Body() body: ReplayAllBody,
  ): Promise<ReplayResultView> {
    return this.dlq.replayAll(actor, params.topic, reason, body.consumerGroup);
  }
}
