import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery } from '@lawfirm/platform';
import { Forwarder } from '../proxy/forwarder.service';

class AuditRecordView {
  @ApiProperty() seq!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['request', 'change', 'ops-access'] }) category!: string;
  @ApiProperty() actorType!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ example: 'GET /v1/matters/:id' }) action!: string;
  @ApiProperty({ required: false }) method?: string;
  @ApiProperty({ required: false }) route?: string;
  @ApiProperty({ required: false }) resourceId?: string;
  @ApiProperty({ required: false }) status?: number;
  @ApiProperty({ required: false }) ip?: string;
  @ApiProperty({ required: false }) userAgent?: string;
  @ApiProperty({ required: false, description: 'Our id of the request.' }) requestId?: string;
  @ApiProperty({ required: false, description: 'The X-Request-Id the caller sent, if any (never our id).' })
  clientRequestId?: string;
  @ApiProperty({ required: false }) durationMs?: number;
  @ApiProperty({ required: false, description: 'Stated reason, for operations-team access.' })
  reason?: string;
}

class AuditPage {
  @ApiProperty({ type: [AuditRecordView] }) items!: AuditRecordView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

@ApiTags('audit')
@ApiBearerAuth('bearer')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly forwarder: Forwarder) {}

  /** The firm's own audit trail, newest first (stored and chained by the admin gateway). */
  @Get()
  @RequireRoles('firm-admin')
  @ApiOperation({ summary: "Your firm's audit trail, newest first" })
  @ApiOkResponse({ type: AuditPage, description: "Your firm's audit trail, newest first." })
  async list(
    @CurrentActor() actor: Actor,
    @Query() page: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) query.set('limit', String(page.limit));
    if (page.cursor !== undefined) query.set('cursor', page.cursor);
    const response = await this.forwarder.forward('admin-gateway', actor, {
      method: 'GET',
      url: `/internal/audit${query.size ? `?${query}` : ''}`,
      requestId: request.id,
    });
    void reply.status(response.status);
    if (response.contentType) void reply.header('content-type', response.contentType);
    await reply.send(response.body);
  }
}
