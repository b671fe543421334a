import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { WipView } from './dto/wip.view';
import { WipService } from './wip.service';

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/matters')
export class WipController {
  constructor(private readonly wip: WipService) {}

  @Get(':id/wip')
  @ApiOperation({ summary: "A matter's work in progress: unbilled approved time" })
  @ApiOkResponse({ type: WipView, description: 'Unbilled approved time on the matter, with totals.' })
  forMatter(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('matter')) id: string,
    @Query() page: PageQuery,
  ): Promise<WipView> {
    return this.wip.forMatter(actor, id, page.limit, page.cursor);
  }
}
