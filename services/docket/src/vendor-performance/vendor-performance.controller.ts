import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, FIRM_ROLES, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { VendorPerformanceQuery, VendorPerformanceView } from './dto/vendor-performance.dto';
import { VendorPerformanceService } from './vendor-performance.service';

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1/vendor-performance')
export class VendorPerformanceController {
  constructor(private readonly performance: VendorPerformanceService) {}

  @Get()
  @RequireRoles(...FIRM_ROLES)
  @ApiOperation({
    summary:
      'Turnaround figures per vendor and kind of work over a range of days: on-time rate, median and p90 turnaround, rework rate, open work past SLA',
  })
  @ApiOkResponse({ type: VendorPerformanceView })
  @ApiProblemResponse(
    400,
    'from or to is not a calendar date, to is before from, or the range exceeds 366 days.',
  )
  report(
    @CurrentActor() actor: Actor,
    @Query() query: VendorPerformanceQuery,
  ): Promise<VendorPerformanceView> {
    return this.performance.report(actor, query.from, query.to);
  }

  @Get('report.csv')
  @RequireRoles(...FIRM_ROLES)
  @ApiOperation({ summary: 'The vendor performance figures as CSV, one row per vendor and kind of work' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'A header row, then one row per vendor and kind of work.',
    schema: { type: 'string' },
  })
  @ApiProblemResponse(
    400,
    'from or to is not a calendar date, to is before from, or the range exceeds 366 days.',
  )
  async reportCsv(
    @CurrentActor() actor: Actor,
    @Query() query: VendorPerformanceQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.performance.reportCsv(actor, query.from, query.to);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header(
      'content-disposition',
      `attachment; filename="vendor-performance-${query.from}-${query.to}.csv"`,
    );
    return csv;
  }
}
