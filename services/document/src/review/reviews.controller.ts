import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { DOCUMENT_POLICY } from '../access-policy';
import type { RequestOrigin } from '../custody/custody.service';
import { BulkReviewDto, ReviewDto } from './dto/review.dto';
import { BulkReviewView, ReviewView } from './dto/review.view';
import { ReviewsService } from './reviews.service';

const documentId = new ResourceIdPipe('document');
const matterId = new ResourceIdPipe('matter');

const originOf = (request: FastifyRequest): RequestOrigin => ({
  requestId: request.id,
  clientAddress: request.ip ?? null,
});

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Put('v1/documents/:documentId/review')
  @Permit(DOCUMENT_POLICY, 'document.review')
  @ApiOperation({
    summary: "Sets a document's review coding (tags, privilege call, designation, issue codes)",
  })
  @ApiOkResponse({ type: ReviewView })
  @ApiProblemResponse(404, 'document not found.')
  code(
    @CurrentActor() actor: Actor,
    @Param('documentId', documentId) id: string,
    @Body() body: ReviewDto,
    @Req() request: FastifyRequest,
  ): Promise<ReviewView> {
    return this.reviews.code(actor, originOf(request), id, body);
  }

  @Get('v1/documents/:documentId/review')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: "Gets a document's review coding" })
  @ApiOkResponse({ type: ReviewView })
  @ApiProblemResponse(404, 'document not found, or not reviewed yet (review_not_found).')
  get(@CurrentActor() actor: Actor, @Param('documentId', documentId) id: string): Promise<ReviewView> {
    return this.reviews.get(actor, id);
  }

  @Post('v1/matters/:matterId/reviews')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'document.review')
  @ApiOperation({ summary: "Codes many of a matter's documents at once, all or none" })
  @ApiCreatedResponse({ type: BulkReviewView })
  @ApiProblemResponse(404, 'matter not found.')
  async codeMany(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Body() body: BulkReviewDto,
    @Req() request: FastifyRequest,
  ): Promise<BulkReviewView> {
    return { coded: await this.reviews.codeMany(actor, originOf(request), id, body) };
  }

  @Get('v1/matters/:matterId/privilege-log.csv')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: "Exports the matter's privilege log (FRCP 26(b)(5)(A)) as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per withheld or redacted document.', schema: { type: 'string' } })
  @ApiProblemResponse(404, 'matter not found.')
  privilegeLog(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Req() request: FastifyRequest,
  ): Promise<string> {
    return this.reviews.privilegeLogCsv(actor, originOf(request), id);
  }
}
