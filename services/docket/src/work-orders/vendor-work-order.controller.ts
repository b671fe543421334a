import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, VendorAccess, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { VendorWorkOrderList, VendorWorkOrderView } from './dto/vendor-work-order.dto';
import { VendorWorkOrderService } from './vendor-work-order.service';

const workOrderId = new ResourceIdPipe('work order');

/** The vendor's side of its work orders in one firm (reached through the gateway's /v1/vendor routes). */
@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1/work-orders')
export class VendorWorkOrderController {
  constructor(private readonly vendorOrders: VendorWorkOrderService) {}

  @Get()
  @VendorAccess()
  @ApiOperation({
    summary:
      "Work orders as vendors see them, newest first: a vendor's own open orders in this firm; for the firm's people, every order of the firm",
  })
  @ApiOkResponse({ type: VendorWorkOrderList })
  @ApiProblemResponse(403, 'The caller has no firm role.')
  list(@CurrentActor() actor: Actor): Promise<VendorWorkOrderList> {
    return this.vendorOrders.list(actor);
  }

  @Get(':id/brief')
  @VendorAccess()
  @ApiOperation({
    summary:
      "A work order as its vendor sees it: the work, the matter's number and title, the QC outcome (the firm's people read it too)",
  })
  @ApiOkResponse({ type: VendorWorkOrderView })
  @ApiProblemResponse(403, 'The caller has no firm role.')
  @ApiProblemResponse(404, "No such work order (for a vendor: of the calling vendor's).")
  @ApiProblemResponse(
    409,
    'For a vendor: the order is closed, cancelled or declined, or the consent was revoked (`consent_revoked`).',
  )
  brief(@CurrentActor() actor: Actor, @Param('id', workOrderId) id: string): Promise<VendorWorkOrderView> {
    return this.vendorOrders.brief(actor, id);
  }
}
