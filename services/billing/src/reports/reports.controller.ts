import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import {
  CollectionView,
  PeriodReportQuery,
  RealizationView,
  UnbilledAgingQuery,
  UnbilledAgingView,
  WipReportQuery,
  WipReportView,
  type ReportFormat,
} from './dto/reports.dto';
import { ReportsService } from './reports.service';

/** `?format=csv`, or a client that asks for text/csv and not JSON. */
function wantsCsv(format: ReportFormat | undefined, accept: string | undefined): boolean {
  if (format) return format === 'csv';
  const accepted = (accept ?? '').toLowerCase();
  return accepted.includes('text/csv') && !accepted.includes('application/json');
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): string {
  void reply.header('content-type', 'text/csv; charset=utf-8');
  void reply.header('content-disposition', `attachment; filename="${filename}"`);
  return csv;
}

const CSV_OR_JSON =
  'JSON, or CSV (one row per group, header row, amounts in minor units) with format=csv or Accept: text/csv.';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/billing-reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('wip')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({
    summary: 'Unbilled work in progress per matter or timekeeper, with its standard value',
    description: CSV_OR_JSON,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: WipReportView })
  @ApiBadRequestResponse({ description: 'A query parameter is missing or malformed (field-level message).' })
  async wip(
    @CurrentActor() actor: Actor,
    @Query() query: WipReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WipReportView | string> {
    const asOf = query.asOf ?? new Date().toISOString().slice(0, 10);
    const report = await this.reports.wipReport(actor, asOf, query.currency, query.groupBy ?? 'matter');
    if (!wantsCsv(query.format, accept)) return report;
    return sendCsv(reply, `wip-${report.groupBy}-${asOf}.csv`, this.reports.wipCsv(report));
  }

  @Get('unbilled-aging')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({
    summary: 'Unbilled work aged by work date (0-30, 31-60, 61-90, 91-180, over 180 days)',
    description: CSV_OR_JSON,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: UnbilledAgingView })
  @ApiBadRequestResponse({ description: 'A query parameter is missing or malformed (field-level message).' })
  async unbilledAging(
    @CurrentActor() actor: Actor,
    @Query() query: UnbilledAgingQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UnbilledAgingView | string> {
    const report = await this.reports.unbilledAging(
      actor,
      query.asOf,
      query.currency,
      query.groupBy ?? 'firm',
    );
    if (!wantsCsv(query.format, accept)) return report;
    return sendCsv(reply, `unbilled-aging-${query.asOf}.csv`, this.reports.unbilledAgingCsv(report));
  }

  @Get('realization')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({
    summary: 'Realization (billed ÷ standard value) per timekeeper or client over a period',
    description: CSV_OR_JSON,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: RealizationView })
  @ApiBadRequestResponse({ description: 'A query parameter is missing or malformed (field-level message).' })
  async realization(
    @CurrentActor() actor: Actor,
    @Query() query: PeriodReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RealizationView | string> {
    const report = await this.reports.realization(
      actor,
      { from: query.from, to: query.to, currency: query.currency },
      query.groupBy ?? 'timekeeper',
    );
    if (!wantsCsv(query.format, accept)) return report;
    return sendCsv(reply, `realization-${query.from}-${query.to}.csv`, this.reports.realizationCsv(report));
  }

  @Get('collection-rate')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({
    summary: 'Collection rate (collected ÷ billed) per timekeeper or client over a period',
    description: CSV_OR_JSON,
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CollectionView })
  @ApiBadRequestResponse({ description: 'A query parameter is missing or malformed (field-level message).' })
  async collectionRate(
    @CurrentActor() actor: Actor,
    @Query() query: PeriodReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CollectionView | string> {
    const report = await this.reports.collectionRate(
      actor,
      { from: query.from, to: query.to, currency: query.currency },
      query.groupBy ?? 'timekeeper',
    );
    if (!wantsCsv(query.format, accept)) return report;
    return sendCsv(
      reply,
      `collection-rate-${query.from}-${query.to}.csv`,
      this.reports.collectionCsv(report),
    );
  }
}
