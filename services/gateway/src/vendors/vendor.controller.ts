import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, VendorAccess, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import type { ForwardResponse } from '../proxy/forwarder.service';
import {
  VendorFirmList,
  VendorTransitionDto,
  VendorWorkOrderParams,
  VendorWorkOrdersByFirm,
  VendorWorkOrderView,
} from './dto/vendor.dto';
import { NeedsVendorScope, VendorCallerGuard } from './vendor-caller.guard';
import { VendorConnectionsService } from './vendor-connections.service';
import { VendorWorkService } from './vendor-work.service';

/**
 * What a partner vendor calls with its own token (from POST /v1/vendor/token). A work order is named
 * with its firm: the vendor works for several firms, and each call acts in that firm alone.
 */
@ApiTags('vendor')
@ApiBearerAuth('bearer')
@VendorAccess()
@UseGuards(VendorCallerGuard)
@Controller('v1/vendor')
export class VendorController {
  constructor(
    private readonly connections: VendorConnectionsService,
    private readonly work: VendorWorkService,
  ) {}

  @Get('firms')
  @NeedsVendorScope('work-orders:read')
  @ApiOperation({ summary: 'The firms your vendor organisation is connected to now' })
  @ApiOkResponse({ type: VendorFirmList })
  @ApiProblemResponse(401, 'No token, or a token whose key was revoked.')
  @ApiProblemResponse(403, 'Not a vendor token (`vendor_only`), or the key lacks work-orders:read.')
  async firms(@CurrentActor() vendor: Actor): Promise<VendorFirmList> {
    return { items: await this.connections.connectionsOf(vendor.subject) };
  }

  @Get('work-orders')
  @NeedsVendorScope('work-orders:read')
  @ApiOperation({ summary: 'Your open work orders in every firm connected to you, firm by firm' })
  @ApiOkResponse({ type: VendorWorkOrdersByFirm })
  @ApiProblemResponse(401, 'No token, or a token whose key was revoked.')
  @ApiProblemResponse(403, 'Not a vendor token (`vendor_only`), or the key lacks work-orders:read.')
  @ApiProblemResponse(503, 'Docket is not answering.')
  async workOrders(@CurrentActor() vendor: Actor): Promise<VendorWorkOrdersByFirm> {
    return { items: await this.work.workOrdersByFirm(vendor) };
  }

  @Get('firms/:firmId/work-orders/:workOrderId')
  @NeedsVendorScope('work-orders:read')
  @ApiOperation({
    summary:
      "One of your work orders: the work, the documents it names, the matter's number and title, and the firm's QC outcome with return reasons",
  })
  @ApiOkResponse({ type: VendorWorkOrderView })
  @ApiProblemResponse(400, 'An id is not a UUID.')
  @ApiProblemResponse(401, 'No token, or a token whose key was revoked.')
  @ApiProblemResponse(403, 'Not a vendor token (`vendor_only`), or the key lacks work-orders:read.')
  @ApiProblemResponse(404, 'No such work order of yours, or the firm is not connected to you.')
  @ApiProblemResponse(
    409,
    "The order is closed, cancelled or declined (`work_order_closed`), or the client's consent was revoked (`consent_revoked`).",
  )
  @ApiProblemResponse(503, 'Docket is not answering.')
  async workOrder(
    @CurrentActor() vendor: Actor,
    @Param() params: VendorWorkOrderParams,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await relay(
      reply,
      await this.work.forWorkOrder(vendor, params.firmId, params.workOrderId, {
        method: 'GET',
        path: '/brief',
      }),
    );
  }

  @Post('firms/:firmId/work-orders/:workOrderId/transitions')
  @HttpCode(200)
  @NeedsVendorScope('work-orders:write')
  @ApiOperation({
    summary: 'Take your step on a work order: accept or decline it, start it, submit it (again) for QC',
  })
  @ApiOkResponse({ description: "The firm's view of the work order after the step." })
  @ApiProblemResponse(400, 'An id is not a UUID, or the action is not one of the vendor’s.')
  @ApiProblemResponse(401, 'No token, or a token whose key was revoked.')
  @ApiProblemResponse(403, 'Not a vendor token (`vendor_only`), or the key lacks work-orders:write.')
  @ApiProblemResponse(404, 'No such work order of yours, or the firm is not connected to you.')
  @ApiProblemResponse(
    409,
    "The status does not allow the step, or the client's consent was revoked (`consent_revoked`).",
  )
  @ApiProblemResponse(503, 'Docket is not answering.')
  async transition(
    @CurrentActor() vendor: Actor,
    @Param() params: VendorWorkOrderParams,
    @Body() body: VendorTransitionDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await relay(
      reply,
      await this.work.forWorkOrder(vendor, params.firmId, params.workOrderId, {
        method: 'POST',
        path: '/transitions',
        body: { action: body.action },
      }),
    );
  }
}

/** The service's answer as it is (its status and problem documents included). */
async function relay(reply: FastifyReply, response: ForwardResponse): Promise<void> {
  void reply.status(response.status);
  if (response.contentType) void reply.header('content-type', response.contentType);
  await reply.send(response.body);
}
