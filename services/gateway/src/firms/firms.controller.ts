import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentActor, Public, RequireRoles, type Actor } from '@lawfirm/auth';
import type { FirmDetail, FirmSummary, OnboardedFirm } from '@lawfirm/contracts';
import { OperatorReason } from './access-reason';
import { AdminInternalGuard } from './admin-internal.guard';
import { FirmIdParams, FirmListQuery } from './dto/firm-params.dto';
import { OnboardFirmDto } from './dto/onboard-firm.dto';
import { FirmsService } from './firms.service';

/**
 * The admin gateway's way to the firms this gateway owns (`/admin/firms` there). Not part of the
 * public API document: only the admin gateway can mint the tokens these routes take.
 */
@ApiExcludeController()
@Public()
@UseGuards(AdminInternalGuard)
@Controller('internal/firms')
export class InternalFirmsController {
  constructor(private readonly firms: FirmsService) {}

  @Post()
  @RequireRoles('ops-admin')
  async onboard(
    @CurrentActor() operator: Actor,
    @OperatorReason() reason: string,
    @Body() body: OnboardFirmDto,
  ): Promise<OnboardedFirm> {
    return this.firms.onboard(operator, body, reason);
  }

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  async list(@Query() query: FirmListQuery): Promise<{ items: FirmSummary[] }> {
    return { items: await this.firms.list(query.limit ?? 200) };
  }

  @Get(':firmId')
  @RequireRoles('ops-admin', 'ops-auditor')
  detail(@CurrentActor() operator: Actor, @Param() params: FirmIdParams): Promise<FirmDetail> {
    return this.firms.detail(operator, params.firmId);
  }

  @Post(':firmId/suspend')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  suspend(
    @CurrentActor() operator: Actor,
    @Param() params: FirmIdParams,
    @OperatorReason() reason: string,
  ): Promise<FirmSummary> {
    return this.firms.suspend(operator, params.firmId, reason);
  }

  @Post(':firmId/reactivate')
  @HttpCode(200)
  @RequireRoles('ops-admin')
  reactivate(
    @CurrentActor() operator: Actor,
    @Param() params: FirmIdParams,
    @OperatorReason() reason: string,
  ): Promise<FirmSummary> {
    return this.firms.reactivate(operator, params.firmId, reason);
  }
}
