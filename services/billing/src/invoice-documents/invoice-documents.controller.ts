import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { InvoicePdfQuery } from './dto/invoice-pdf.query';
import { InvoiceDocumentsService } from './invoice-documents.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoiceDocumentsController {
  constructor(private readonly documents: InvoiceDocumentsService) {}

  @Get(':id/pdf')
  @RequireRoles('billing', 'firm-admin', 'attorney')
  @ApiOperation({ summary: 'An issued invoice as a PDF to send to the client' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF.', schema: { type: 'string', format: 'binary' } })
  @ApiProblemResponse(
    422,
    "The invoice cannot be printed yet: the firm's letterhead is not set, or the client is not known yet.",
  )
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('invoice')) id: string,
    @Query() query: InvoicePdfQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.documents.pdf(actor, id, query.groupBy ?? 'timekeeper');
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="${file.fileName}"`);
    return file.content;
  }

  @Get(':id/lines.csv')
  @RequireRoles('billing', 'firm-admin', 'attorney')
  @ApiOperation({ summary: "An issued invoice's lines as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per line, with a header row.', schema: { type: 'string' } })
  async linesCsv(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('invoice')) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const file = await this.documents.linesCsv(actor, id);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
    return file.content;
  }
}
