import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, FIRM_ROLES, RequireRoles, VendorAccess, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  CreateWorkOrderDto,
  WorkOrderList,
  WorkOrderSweepDto,
  WorkOrderSweepView,
  WorkOrderTransitionDto,
  WorkOrderView,
} from './dto/work-order.dto';
import { WORK_ORDER_ROLES, WorkOrderService } from './work-order.service';

const matterId = new ResourceIdPipe('matter');
const workOrderId = new ResourceIdPipe('work order');

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1')
export class WorkOrderController {
  constructor(private readonly workOrders: WorkOrderService) {}

  @Post('matters/:matterId/work-orders')
  @HttpCode(201)
  @RequireRoles(...WORK_ORDER_ROLES)
  @ApiOperation({
    summary: "Assigns a work order on a matter to a vendor, under the client's outsourcing consent",
  })
  @ApiCreatedResponse({ type: WorkOrderView })
  @ApiProblemResponse(409, 'The matter is closed.')
  @ApiProblemResponse(422, 'No outsourcing consent in force covers this kind of work by this vendor.')
  create(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Body() body: CreateWorkOrderDto,
  ): Promise<WorkOrderView> {
    return this.workOrders.create(actor, matter, body);
  }

  @Get('matters/:matterId/work-orders')
  @RequireRoles(...FIRM_ROLES)
  @ApiOperation({ summary: "Lists a matter's work orders in the order they were assigned" })
  @ApiOkResponse({ type: WorkOrderList })
  ofMatter(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
  ): Promise<WorkOrderList> {
    return this.workOrders.ofMatter(actor, matter);
  }

  @Post('work-orders/sla-sweep')
  @HttpCode(200)
  @RequireRoles('firm-admin')
  @ApiOperation({
    summary: "Records the firm's work orders past their SLA by asOf (each breach once; operations and tests)",
  })
  @ApiOkResponse({ type: WorkOrderSweepView })
  @ApiProblemResponse(400, 'asOf is not an ISO 8601 date-time.')
  sweep(@CurrentActor() actor: Actor, @Body() body: WorkOrderSweepDto): Promise<WorkOrderSweepView> {
    return this.workOrders.sweep(actor, body.asOf ? new Date(body.asOf) : new Date());
  }

  @Get('work-orders/:id')
  @VendorAccess()
  @ApiOperation({ summary: "Gets a work order (a vendor sees only its own organisation's)" })
  @ApiOkResponse({ type: WorkOrderView })
  get(@CurrentActor() actor: Actor, @Param('id', workOrderId) id: string): Promise<WorkOrderView> {
    return this.workOrders.get(actor, id);
  }

  @Post('work-orders/:id/transitions')
  @VendorAccess()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Moves a work order along its cycle: the vendor accepts, declines, starts, submits; the firm returns, approves, closes, cancels',
  })
  @ApiOkResponse({ type: WorkOrderView })
  @ApiProblemResponse(403, 'The action is the other side’s, or the caller lacks a working role.')
  @ApiProblemResponse(
    409,
    'The status does not allow the action, or the consent was revoked (consent_revoked).',
  )
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', workOrderId) id: string,
    @Body() body: WorkOrderTransitionDto,
  ): Promise<WorkOrderView> {
    return this.workOrders.transition(actor, id, body);
  }
}
