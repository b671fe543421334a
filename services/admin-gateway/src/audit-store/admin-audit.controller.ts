import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { AuditRecordedV1, PLATFORM_FIRM_ID, uuidv7 } from '@lawfirm/contracts';
import type { Logger } from '@lawfirm/observability';
import { ApiProblemResponse, LOGGER, PageQuery, ResourceIdPipe, type Page } from '@lawfirm/platform';
import { CHAIN_BREAK_REASONS } from '@lawfirm/audit';
import { OpsAuthGuard } from '../ops/ops.module';
import { AccessReason } from './access-reason';
import { AuditStore, type AuditEntryView } from './audit-store.service';

class ChainBreakView {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: CHAIN_BREAK_REASONS })
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
  @ApiProperty({ description: 'Breaks found beyond the (capped) list.' }) moreBreaks!: number;
}

@ApiTags('ops-audit')
@ApiBearerAuth('bearer')
@UseGuards(OpsAuthGuard)
@Controller('admin/firms/:firmId/audit')
export class AdminAuditController {
  constructor(
    private readonly store: AuditStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

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
    try {
      await this.recordAccess(actor, firmId, reason, 'ops.audit.verify');
    } catch (error) {
      // A chain tampered with (its head deleted) may refuse appends; the look is still audited, in
      // the platform's trail, and the verification it came for is still answered.
      this.logger.error(
        { firmId, err: error instanceof Error ? error.message : error },
        "could not chain an ops verify into the firm's chain; chained into the platform trail",
      );
      await this.recordAccess(actor, PLATFORM_FIRM_ID, reason, 'ops.audit.verify', firmId);
    }
    return { firmId, ...result };
  }

  private async recordAccess(
    actor: Actor,
    chainFirmId: string,
    reason: string,
    action: string,
    firmId: string = chainFirmId,
  ): Promise<void> {
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
    await this.store.appendNow(chainFirmId, uuidv7(), { ...record, occurredAt: record.at });
  }
}
