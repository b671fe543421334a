import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery, type Page } from '@lawfirm/platform';
import { InternalAuthGuard } from '../ops/ops.module';
import { AuditStore, type AuditEntryView } from './audit-store.service';

/** Behind the public gateway's GET /v1/audit: the caller's own firm, from the internal token. */
@ApiExcludeController()
@UseGuards(InternalAuthGuard)
@Controller('internal/audit')
export class InternalAuditController {
  constructor(private readonly store: AuditStore) {}

  @Get()
  @RequireRoles('firm-admin')
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<Page<AuditEntryView>> {
    return this.store.list(actor.firmId, page.limit, page.cursor);
  }
}
