import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { DOCUMENT_POLICY } from '../access-policy';
import type { RequestOrigin } from '../custody/custody.service';
import { SearchQuery, SearchTagDto } from './dto/search.dto';
import { SearchPage, SearchTagResult } from './dto/search.view';
import { SearchService } from './search.service';

const originOf = (request: FastifyRequest): RequestOrigin => ({
  requestId: request.id,
  clientAddress: request.ip ?? null,
});

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller('v1/documents/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({
    summary: "Searches the text of the firm's documents, best match first, with highlighted passages",
  })
  @ApiOkResponse({ type: SearchPage })
  @ApiProblemResponse(400, 'a missing or invalid q, filter or cursor.')
  @ApiProblemResponse(404, 'matterId names no matter of the firm.')
  find(
    @CurrentActor() actor: Actor,
    @Query() query: SearchQuery,
    @Req() request: FastifyRequest,
  ): Promise<SearchPage> {
    return this.search.search(actor, originOf(request), query, query.limit, query.cursor);
  }

  @Post('tag')
  @HttpCode(200)
  @Permit(DOCUMENT_POLICY, 'document.review')
  @ApiOperation({
    summary: "Adds tags to every document a matter's search matches (at most 1,000), all or none",
  })
  @ApiOkResponse({ type: SearchTagResult })
  @ApiProblemResponse(400, 'an invalid search or tags, no matterId, no tag, or more than 1,000 matches.')
  @ApiProblemResponse(404, 'matterId names no matter of the firm.')
  async tag(
    @CurrentActor() actor: Actor,
    @Body() body: SearchTagDto,
    @Req() request: FastifyRequest,
  ): Promise<SearchTagResult> {
    return { tagged: await this.search.tag(actor, originOf(request), body) };
  }
}
