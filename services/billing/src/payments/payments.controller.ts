import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  ApplyCreditDto,
  CreditQuery,
  PaymentListQuery,
  RecordPaymentDto,
  RefundCreditDto,
  ReversePaymentDto,
} from './dto/payment.dto';
import { CreditNoteDto, CreditNoteView, VoidInvoiceDto } from '../invoices/invoices.service';
import { ClientCreditView, InvoiceAccountView, PaymentPage, PaymentView } from './dto/payment.view';
import { PaymentsService } from './payments.service';

// Through the gateway a forwarded write may also answer its Idempotency-Key refusals; an explicit
// 409 or 422 here replaces the gateway's own description of them, so it repeats them.
const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';
const IDEMPOTENCY_422 =
  ' Through the gateway, also idempotency_key_reused (this Idempotency-Key was used for another request).';

const paymentId = new ResourceIdPipe('payment');
const clientId = new ResourceIdPipe('client');
const invoiceId = new ResourceIdPipe('invoice');

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Records a payment from a client, allocated oldest-first or to named invoices; the rest is credit',
  })
  @ApiCreatedResponse({ type: PaymentView })
  @ApiProblemResponse(404, 'client not found (not known to this firm).')
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  record(@CurrentActor() actor: Actor, @Body() body: RecordPaymentDto): Promise<PaymentView> {
    return this.payments.record(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Lists payments, credit applications, refunds and reversals, newest first' })
  @ApiOkResponse({ type: PaymentPage })
  list(@CurrentActor() actor: Actor, @Query() query: PaymentListQuery): Promise<PaymentPage> {
    return this.payments.list(actor, query.clientId, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Gets a payment (or credit application, refund, reversal) with its allocations' })
  @ApiOkResponse({ type: PaymentView })
  get(@CurrentActor() actor: Actor, @Param('id', paymentId) id: string): Promise<PaymentView> {
    return this.payments.get(actor, id);
  }

  @Post(':id/reversal')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Reverses a bounced payment: its invoices are owed again and its credit is gone' })
  @ApiCreatedResponse({ type: PaymentView })
  @ApiProblemResponse(
    409,
    'payment_already_reversed, payment_not_reversible (not a payment), or payment_credit_refunded.' +
      IDEMPOTENCY_409,
  )
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  reverse(
    @CurrentActor() actor: Actor,
    @Param('id', paymentId) id: string,
    @Body() body: ReversePaymentDto,
  ): Promise<PaymentView> {
    return this.payments.reverse(actor, id, body);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/client-credits')
export class ClientCreditsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get(':clientId')
  @ApiOperation({
    summary: "Gets a client's credit (overpayments not yet applied or refunded) in a currency",
  })
  @ApiOkResponse({ type: ClientCreditView })
  @ApiProblemResponse(404, 'client not found.')
  get(
    @CurrentActor() actor: Actor,
    @Param('clientId', clientId) id: string,
    @Query() query: CreditQuery,
  ): Promise<ClientCreditView> {
    return this.payments.credit(actor, id, query.currency);
  }

  @Post(':clientId/applications')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Applies a client's credit to its open invoices, oldest first or to named ones" })
  @ApiCreatedResponse({ type: PaymentView })
  @ApiProblemResponse(404, 'client not found.')
  @ApiProblemResponse(422, 'nothing_to_apply (no credit, or nothing owed).' + IDEMPOTENCY_422)
  apply(
    @CurrentActor() actor: Actor,
    @Param('clientId', clientId) id: string,
    @Body() body: ApplyCreditDto,
  ): Promise<PaymentView> {
    return this.payments.applyCredit(actor, id, body);
  }

  @Post(':clientId/refunds')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Refunds part or all of a client's credit" })
  @ApiCreatedResponse({ type: PaymentView })
  @ApiProblemResponse(404, 'client not found.')
  @ApiProblemResponse(422, 'refund_exceeds_credit.' + IDEMPOTENCY_422)
  refund(
    @CurrentActor() actor: Actor,
    @Param('clientId', clientId) id: string,
    @Body() body: RefundCreditDto,
  ): Promise<PaymentView> {
    return this.payments.refund(actor, id, body);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoiceAccountsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get(':id/account')
  @ApiOperation({ summary: 'Gets what an issued invoice has been paid, what is open and its payment status' })
  @ApiOkResponse({ type: InvoiceAccountView })
  @ApiProblemResponse(404, 'invoice not found (or not issued).')
  account(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<InvoiceAccountView> {
    return this.payments.invoiceAccount(actor, id);
  }
}

/**
 * Credit notes and voids: here rather than in the invoices feature because what may be credited depends
 * on what is paid (a credit note never takes an invoice's open amount below zero).
 */
@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoiceCreditsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post(':id/credit-notes')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Credits an issued invoice up to its open amount (no amount: all that is open); excessToClientCredit credits paid money into client credit',
  })
  @ApiCreatedResponse({ type: CreditNoteView })
  @ApiProblemResponse(404, 'invoice not found.')
  @ApiProblemResponse(409, 'invoice_not_issued, or invoice_fully_credited.' + IDEMPOTENCY_409)
  @ApiProblemResponse(
    422,
    'credit_exceeds_balance (more than is open, or paid money without excessToClientCredit).' +
      IDEMPOTENCY_422,
  )
  credit(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: CreditNoteDto,
  ): Promise<CreditNoteView> {
    return this.payments.creditInvoice(actor, id, body);
  }

  @Post(':id/void')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Voids an issued invoice with a full credit note; a paid one needs excessToClientCredit (its payments become client credit)',
  })
  @ApiCreatedResponse({ type: CreditNoteView })
  @ApiProblemResponse(404, 'invoice not found.')
  @ApiProblemResponse(409, 'invoice_not_issued, or invoice_fully_credited.' + IDEMPOTENCY_409)
  @ApiProblemResponse(
    422,
    'credit_exceeds_balance (paid money without excessToClientCredit).' + IDEMPOTENCY_422,
  )
  void(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: VoidInvoiceDto,
  ): Promise<CreditNoteView> {
    return this.payments.creditInvoice(actor, id, { ...body, void: true });
  }
}
