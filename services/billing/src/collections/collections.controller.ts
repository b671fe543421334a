import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { CollectionsService } from './collections.service';
import {
  CollectionStatusView,
  PaymentPlanDto,
  PaymentPlanQuery,
  PaymentPlanView,
  SetCollectionStatusDto,
} from './dto/collections.dto';
import { PaymentPlansService } from './payment-plans.service';

// Through the gateway a forwarded write may also answer its Idempotency-Key refusals; an explicit
// 409 or 422 here replaces the gateway's own description of them, so it repeats them.
const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';
const IDEMPOTENCY_422 =
  ' Through the gateway, also idempotency_key_reused (this Idempotency-Key was used for another request).';

const invoiceId = new ResourceIdPipe('invoice');

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class CollectionStatusController {
  constructor(private readonly collections: CollectionsService) {}

  @Get(':id/collection-status')
  @ApiOperation({ summary: "Gets an issued invoice's collections status with what is open and written off" })
  @ApiOkResponse({ type: CollectionStatusView })
  @ApiProblemResponse(404, 'invoice not found.')
  @ApiProblemResponse(409, 'invoice_not_issued (a pre-bill).')
  get(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<CollectionStatusView> {
    return this.collections.get(actor, id);
  }

  @Post(':id/collection-status')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Sets the collections status: promised (date, amount), disputed (reason), in-collections, written-off (writes the open balance off) or none',
  })
  @ApiOkResponse({ type: CollectionStatusView })
  @ApiProblemResponse(404, 'invoice not found.')
  @ApiProblemResponse(
    409,
    'collection_transition_not_allowed (e.g. from written-off), collection_status_unchanged, invoice_settled (nothing open), or invoice_not_issued.' +
      IDEMPOTENCY_409,
  )
  @ApiProblemResponse(422, 'promise_exceeds_open.' + IDEMPOTENCY_422)
  set(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: SetCollectionStatusDto,
  ): Promise<CollectionStatusView> {
    return this.collections.setStatus(actor, id, body);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class PaymentPlanController {
  constructor(private readonly plans: PaymentPlansService) {}

  @Get(':id/payment-plan')
  @ApiOperation({
    summary: "Gets an invoice's payment plan with each instalment's status (paid, due, overdue)",
  })
  @ApiOkResponse({ type: PaymentPlanView })
  @ApiProblemResponse(404, 'invoice or payment_plan not found.')
  get(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Query() query: PaymentPlanQuery,
  ): Promise<PaymentPlanView> {
    return this.plans.get(actor, id, query.asOf);
  }

  @Post(':id/payment-plan')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Agrees a payment plan: instalments adding up to the invoice's open amount" })
  @ApiCreatedResponse({ type: PaymentPlanView })
  @ApiProblemResponse(404, 'invoice not found.')
  @ApiProblemResponse(409, 'payment_plan_exists, invoice_settled, or invoice_not_issued.' + IDEMPOTENCY_409)
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  agree(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: PaymentPlanDto,
  ): Promise<PaymentPlanView> {
    return this.plans.agree(actor, id, body);
  }
}
