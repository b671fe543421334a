import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import { ConflictCheckViewDto as ConflictCheckView, SignOffDto } from '../conflicts/conflict.service';
import { MatterService } from './matter.service';
import { INTAKE_POLICY } from '../access-policy';

/**
 * An attorney's sign-off on a conflict check lives with matters: the decision opens or closes the
 * pending matter, and matters already depend on conflicts (never the other way round).
 */
@ApiTags('conflict-checks')
@ApiBearerAuth('bearer')
@Controller('v1/conflict-checks')
export class ConflictSignOffController {
  constructor(private readonly matters: MatterService) {}

  @Post(':id/sign-off')
  @Permit(INTAKE_POLICY, 'conflict-check.sign-off')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign off a conflict check',
    description:
      '`cleared` or `waived` (with `waiverReference`) opens a pending matter; `declined` (with `reason`) closes it. A check is signed off once.',
  })
  @ApiOkResponse({ type: ConflictCheckView })
  signOff(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('conflict_check')) id: string,
    @Body() body: SignOffDto,
  ): Promise<ConflictCheckView> {
    return this.matters.signOff(actor, id, body.decision, {
      waiverReference: body.waiverReference,
      reason: body.reason,
    });
  }
}
