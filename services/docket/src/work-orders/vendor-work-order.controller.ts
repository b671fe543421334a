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
  @ApiOperation({ summary: "The calling vendor's open work orders in this firm, newest first" })
  @ApiOkResponse({ type: VendorWorkOrderList })
  @ApiProblemResponse(403, 'Not a vendor (`vendor_only`).')
  list(@CurrentActor() actor: Actor): Promise<VendorWorkOrderList> {
    return this.vendorOrders.list(actor);
  }

  @Get(':id/brief')
  @VendorAccess()
  @ApiOperation({
    summary: "A work order as its vendor sees it: the work, the matter's number and title, the QC outcome",
  })
  @ApiOkResponse({ type: VendorWorkOrderView })
  @ApiProblemResponse(403, 'Not a vendor (`vendor_only`).')
  @ApiProblemResponse(404, "No such work order of the calling vendor's.")
  @ApiProblemResponse(
    409,
    'The order is closed, cancelled or declined, or the consent was revoked (`consent_revoked`).',
  )
  brief(@CurrentActor() actor: Actor, @Param('id', workOrderId) id: string): Promise<VendorWorkOrderView> {
    return this.vendorOrders.brief(actor, id);
  }
}
