import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import { ConflictService } from './conflict.service';
import { ConflictCheckView, RunConflictCheckDto } from './dto/conflict-check.dto';
import { INTAKE_POLICY } from '../access-policy';

/** Conflict checks on their own; signing one off is the matters feature's (it decides the matter's fate). */
@ApiTags('conflict-checks')
@ApiBearerAuth('bearer')
@Controller('v1/conflict-checks')
export class ConflictController {
  constructor(private readonly conflicts: ConflictService) {}

  @Post()
  @Permit(INTAKE_POLICY, 'conflict-check.run')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Run a conflict check',
    description:
      'Searches names for conflicts without creating anything (a lead, a lateral hire); the check is stored.',
  })
  @ApiCreatedResponse({ type: ConflictCheckView })
  run(@CurrentActor() actor: Actor, @Body() body: RunConflictCheckDto): Promise<ConflictCheckView> {
    return this.conflicts.run(actor, body.names, body.purpose ?? 'search');
  }

  @Get(':id')
  @Permit(INTAKE_POLICY, 'conflict-check.read')
  @ApiOperation({ summary: 'Get a conflict check' })
  @ApiOkResponse({ type: ConflictCheckView })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('conflict_check')) id: string,
  ): Promise<ConflictCheckView> {
    return this.conflicts.view(actor, id);
  }
}
