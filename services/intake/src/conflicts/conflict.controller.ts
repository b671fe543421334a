import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { ResourceIdPipe } from '@lawfirm/platform';
import { MatterService } from '../matters/matter.service';
import { ConflictService, toCheckView } from './conflict.service';
import { ConflictCheckView, RunConflictCheckDto, SignOffDto } from './dto/conflict-check.dto';

@ApiTags('conflict-checks')
@ApiBearerAuth('bearer')
@Controller('v1/conflict-checks')
export class ConflictController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conflicts: ConflictService,
    private readonly matters: MatterService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'attorney', 'paralegal')
  @ApiOperation({ summary: 'Search names for conflicts without creating anything (a lead, a lateral hire); the check is stored.' })
  @ApiCreatedResponse({ type: ConflictCheckView })
  run(@CurrentActor() actor: Actor, @Body() body: RunConflictCheckDto): Promise<ConflictCheckView> {
    return withTenant(this.dataSource, actor.firmId, (manager) =>
      this.conflicts.runAndStore(manager, actor, { queries: body.names, purpose: body.purpose ?? 'search' }),
    );
  }

  @Get(':id')
  @ApiOkResponse({ type: ConflictCheckView })
  async get(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('conflict_check')) id: string): Promise<ConflictCheckView> {
    return toCheckView(await withTenant(this.dataSource, actor.firmId, (manager) => this.conflicts.get(manager, id)));
  }

  @Post(':id/sign-off')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'attorney')
  @ApiOperation({
    summary: "An attorney's decision on a check with hits",
    description: '`cleared` or `waived` (with `waiverReference`) opens a pending matter; `declined` (with `reason`) closes it. A check is signed off once.',
  })
  @ApiOkResponse({ type: ConflictCheckView })
  signOff(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('conflict_check')) id: string,
    @Body() body: SignOffDto,
  ): Promise<ConflictCheckView> {
    return this.matters.signOff(actor, id, body.decision, { waiverReference: body.waiverReference, reason: body.reason });
  }
}
