import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { LedesExportDto, LedesFormatQuery } from './dto/ledes-export.dto';
import { LedesService } from './ledes.service';

const FILE_RESPONSE = {
  description: 'The LEDES file: 1998B/1998BI as text (records ending [] CRLF), XML 2.2 as application/xml.',
  schema: { type: 'string' },
};
const REFUSED =
  'An invoice cannot be exported as it is: `errors` lists every line and field to fix (ledes_export_refused).';

function sendFile(
  reply: FastifyReply,
  file: { fileName: string; content: string; contentType: string },
): string {
  void reply.header('content-type', `${file.contentType}; charset=utf-8`);
  void reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
  return file.content;
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1')
export class InvoiceLedesController {
  constructor(private readonly ledes: LedesService) {}

  @Get('invoices/:id/ledes')
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: 'An issued invoice as a LEDES 1998B, 1998BI or XML 2.2 file' })
  @ApiProduces('text/plain', 'application/xml')
  @ApiOkResponse(FILE_RESPONSE)
  @ApiProblemResponse(422, REFUSED)
  async invoice(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('invoice')) id: string,
    @Query() query: LedesFormatQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendFile(reply, await this.ledes.exportInvoices(actor, [id], query.format));
  }

  @Post('ledes/export')
  @HttpCode(200)
  @RequireRoles('billing', 'firm-admin')
  @ApiOperation({ summary: 'Several issued invoices in one LEDES 1998B, 1998BI or XML 2.2 file' })
  @ApiProduces('text/plain', 'application/xml')
  @ApiOkResponse(FILE_RESPONSE)
  @ApiProblemResponse(404, 'An invoice named is not an issued invoice of your firm.')
  @ApiProblemResponse(422, REFUSED)
  async batch(
    @CurrentActor() actor: Actor,
    @Body() input: LedesExportDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return sendFile(
      reply,
      await this.ledes.exportInvoices(
        actor,
        input.invoiceIds.map((id) => id.toLowerCase()),
        input.format,
      ),
    );
  }
}
