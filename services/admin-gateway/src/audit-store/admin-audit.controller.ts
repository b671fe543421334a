import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { AuditRecordedV1, uuidv7 } from '@lawfirm/contracts';
import { ApiProblemResponse, PageQuery, ResourceIdPipe, type Page } from '@lawfirm/platform';
import { OpsAuthGuard } from '../ops/ops.module';
import { AccessReason } from './access-reason';
import { AuditStore, type AuditEntryView } from './audit-store.service';

class ChainBreakView {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: ['hash-mismatch', 'link-mismatch', 'missing-record', 'missing-tail'] })
  reason!: string;
  @ApiProperty() detail!: string;
}

class ChainVerificationView {
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty() intact!: boolean;
  @ApiProperty({ description: 'Records checked.' }) checked!: number;
  @ApiProperty() lastSeq!: number;
  @ApiProperty({ type: [ChainBreakView], description: 'Where the chain breaks; empty when intact.' })
  breaks!: ChainBreakView[];
}

@ApiTags('ops-audit')
@ApiBearerAuth('bearer')
@UseGuards(OpsAuthGuard)
@Controller('admin/firms/:firmId/audit')
export class AdminAuditController {
  constructor(private readonly store: AuditStore) {}

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiHeader({
    name: 'X-Access-Reason',
    required: true,
    description: "Why you need this firm's trail (10–500 characters).",
  })
  @ApiOperation({
    summary: "A firm's audit trail, newest first. The access itself is audited in that firm's chain.",
  })
  @ApiProblemResponse(400, 'No stated reason: `X-Access-Reason` is missing or outside 10–500 characters.')
  async list(
    @CurrentActor() actor: Actor,
    @Param('firmId', new ResourceIdPipe('firm')) firmId: string,
    @AccessReason() reason: string,
    @Query() page: PageQuery,
  ): Promise<Page<AuditEntryView>> {
    await this.recordAccess(actor, firmId, reason, 'ops.audit.read');
    return this.store.list(firmId, page.limit, page.cursor);
  }

  @Get('verify')
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiHeader({ name: 'X-Access-Reason', required: true })
  @ApiOperation({ summary: "Recompute the firm's hash chain and report whether and where it breaks." })
  @ApiProblemResponse(400, 'No stated reason: `X-Access-Reason` is missing or outside 10–500 characters.')
  @ApiOkResponse({ type: ChainVerificationView })
  async verify(
    @CurrentActor() actor: Actor,
    @Param('firmId', new ResourceIdPipe('firm')) firmId: string,
    @AccessReason() reason: string,
  ): Promise<ChainVerificationView> {
    const result = await this.store.verify(firmId);
    await this.recordAccess(actor, firmId, reason, 'ops.audit.verify');
    return { firmId, ...result };
  }

  private async recordAccess(actor: Actor, firmId: string, reason: string, action: string): Promise<void> {
    const record: AuditRecordedV1 = {
      category: 'ops-access',
      actorType: 'ops',
      actorId: actor.subject,
      action,
      resourceType: 'firm',
      resourceId: firmId,
      requestId: actor.requestId,
      reason,
      at: new Date().toISOString(),
    };
    await this.store.appendNow(firmId, uuidv7(), { ...record, occurredAt: record.at });
  }
}
