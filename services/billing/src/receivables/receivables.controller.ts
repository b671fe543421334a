import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { AgingQuery, AgingReportView } from './dto/aging.dto';
import { ReceivablesService } from './receivables.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/receivables')
export class ReceivablesController {
  constructor(private readonly receivables: ReceivablesService) {}

  @Get('aging')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: 'Receivables aging (current, 1-30, 31-60, 61-90, 90+ days past due) on a date' })
  @ApiOkResponse({ type: AgingReportView })
  aging(@CurrentActor() actor: Actor, @Query() query: AgingQuery): Promise<AgingReportView> {
    return this.receivables.aging(actor, query.asOf, query.groupBy ?? 'client', query.clientId);
  }

  @Get('aging.csv')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: 'Receivables aging on a date as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per group, with a header row.', schema: { type: 'string' } })
  async agingCsv(
    @CurrentActor() actor: Actor,
    @Query() query: AgingQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.receivables.agingCsv(actor, query.asOf, query.groupBy ?? 'client', query.clientId);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="aging-${query.asOf}.csv"`);
    return csv;
  }
}
