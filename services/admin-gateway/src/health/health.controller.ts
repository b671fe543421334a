import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { RequireRoles } from '@lawfirm/auth';
import { OpsAuthGuard } from '../ops/ops.module';
import { HealthService, type ServiceHealthStatus } from './health.service';

class ServiceHealthView {
  @ApiProperty({ example: 'billing' }) service!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Where it was probed; null for the admin gateway itself.',
  })
  url!: string | null;
  @ApiProperty({ enum: ['ready', 'not-ready', 'unreachable'] }) status!: ServiceHealthStatus;
  @ApiProperty({ nullable: true, type: Number }) httpStatus!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The service's readiness checks (database, broker, …) as its /readyz reports them.",
  })
  checks!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

class PlatformHealthView {
  @ApiProperty() checkedAt!: string;
  @ApiProperty({ type: [ServiceHealthView] }) items!: ServiceHealthView[];
}

@ApiTags('ops-health')
@ApiBearerAuth('bearer')
@UseGuards(OpsAuthGuard)
@Controller('admin/health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @RequireRoles('ops-admin', 'ops-auditor')
  @ApiOperation({ summary: "Every service's readiness (its /readyz: database and broker), polled now." })
  @ApiOkResponse({ type: PlatformHealthView })
  async all(): Promise<PlatformHealthView> {
    return this.health.all();
  }
}
