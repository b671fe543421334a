import { Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { DOCUMENT_POLICY } from '../access-policy';
import { CustodyEventPage } from './dto/custody.view';
import { CustodyService } from './custody.service';

const documentId = new ResourceIdPipe('document');

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller('v1/documents/:documentId')
export class CustodyController {
  constructor(private readonly custody: CustodyService) {}

  @Get('custody')
  @Permit(DOCUMENT_POLICY, 'custody.read')
  @ApiOperation({ summary: "Lists a document's chain of custody, oldest first" })
  @ApiOkResponse({ type: CustodyEventPage })
  @ApiProblemResponse(404, 'document not found.')
  list(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Query() query: PageQuery,
  ): Promise<CustodyEventPage> {
    return this.custody.list(actor, id, query.limit, query.cursor);
  }

  @Get('custody.csv')
  @Permit(DOCUMENT_POLICY, 'custody.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: "Exports a document's chain of custody as CSV (the export is recorded on it)" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per custody event, oldest first.', schema: { type: 'string' } })
  @ApiProblemResponse(404, 'document not found.')
  exportCsv(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Req() request: FastifyRequest,
  ): Promise<string> {
    return this.custody.exportCsv(actor, { requestId: request.id, clientAddress: request.ip ?? null }, id);
  }
}
