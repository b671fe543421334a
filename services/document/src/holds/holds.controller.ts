import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { DOCUMENT_POLICY } from '../access-policy';
import { HoldList, HoldView, ReasonDto } from './dto/hold.dto';
import { HoldsService } from './holds.service';

const matterId = new ResourceIdPipe('matter');
const holdId = new ResourceIdPipe('hold');

@ApiTags('documents')
@ApiBearerAuth('bearer')
@Controller()
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  @Post('v1/matters/:matterId/holds')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'hold.manage')
  @ApiOperation({
    summary: 'Places a legal hold on a matter: none of its documents can be destroyed until it is released',
  })
  @ApiCreatedResponse({ type: HoldView })
  @ApiProblemResponse(404, 'matter not found.')
  place(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
    @Body() body: ReasonDto,
  ): Promise<HoldView> {
    return this.holds.place(actor, id, body.reason);
  }

  @Get('v1/matters/:matterId/holds')
  @Permit(DOCUMENT_POLICY, 'document.read')
  @ApiOperation({ summary: "Lists a matter's legal holds, released ones included" })
  @ApiOkResponse({ type: HoldList })
  @ApiProblemResponse(404, 'matter not found.')
  async list(@CurrentActor() actor: Actor, @Param('matterId', matterId) id: string): Promise<HoldList> {
    return { items: await this.holds.list(actor, id) };
  }

  @Post('v1/holds/:holdId/release')
  @HttpCode(201)
  @Permit(DOCUMENT_POLICY, 'hold.manage')
  @ApiOperation({ summary: 'Releases a legal hold' })
  @ApiCreatedResponse({ type: HoldView })
  @ApiProblemResponse(404, 'hold not found.')
  @ApiProblemResponse(409, 'hold_already_released.')
  release(@CurrentActor() actor: Actor, @Param('holdId', holdId) id: string): Promise<HoldView> {
    return this.holds.release(actor, id);
  }
}
