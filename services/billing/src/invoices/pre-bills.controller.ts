import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { InvoiceView } from './dto/invoice.view';
import {
  AddContingencyDto,
  AddFlatFeeDto,
  CreatePreBillDto,
  EditLineDto,
  EditPreBillDto,
} from './dto/pre-bill.dto';
import { InvoicesService } from './invoices.service';

// Through the gateway a forwarded write may also answer its Idempotency-Key refusals; an explicit
// 409 or 422 here replaces the gateway's own description of them, so it repeats them.
const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';
const IDEMPOTENCY_422 =
  ' Through the gateway, also idempotency_key_reused (this Idempotency-Key was used for another request).';

const invoiceId = new ResourceIdPipe('invoice');
const lineId = new ResourceIdPipe('invoice_line');
const ISSUED = 'invoice_already_issued: an issued invoice never changes.';

/** Pre-bills: draft invoices a billing clerk edits before issuing. Reads are GET /v1/invoices/:id. */
@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/pre-bills')
export class PreBillsController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Makes a pre-bill of a matter's (or a client's) unbilled work for a period" })
  @ApiCreatedResponse({ type: InvoiceView })
  @ApiProblemResponse(409, 'pre_bill_exists: an open pre-bill already holds this work.' + IDEMPOTENCY_409)
  @ApiProblemResponse(422, 'rate_not_found: time no rate rule prices, each entry named.' + IDEMPOTENCY_422)
  create(@CurrentActor() actor: Actor, @Body() body: CreatePreBillDto): Promise<InvoiceView> {
    return this.invoices.createPreBill(actor, body);
  }

  @Patch(':id')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets or clears the pre-bill's discount on fees" })
  @ApiOkResponse({ type: InvoiceView })
  @ApiProblemResponse(409, ISSUED + IDEMPOTENCY_409)
  edit(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: EditPreBillDto,
  ): Promise<InvoiceView> {
    return this.invoices.editPreBill(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Discards a pre-bill; its work goes back to work in progress' })
  @ApiNoContentResponse({ description: 'Discarded.' })
  @ApiProblemResponse(409, ISSUED + IDEMPOTENCY_409)
  async discard(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<void> {
    await this.invoices.discard(actor, id);
  }

  @Patch(':id/lines/:lineId')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Edits a line's narrative or adjustment (discount, write-down, write-off)" })
  @ApiOkResponse({ type: InvoiceView })
  @ApiProblemResponse(409, ISSUED + IDEMPOTENCY_409)
  @ApiProblemResponse(422, 'outsourced_cost_rule: a disbursement would be marked up.' + IDEMPOTENCY_422)
  editLine(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Param('lineId', lineId) line: string,
    @Body() body: EditLineDto,
  ): Promise<InvoiceView> {
    return this.invoices.editLine(actor, id, line, body);
  }

  @Delete(':id/lines/:lineId')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Takes a line off the pre-bill (time and expenses move to a later bill)' })
  @ApiOkResponse({ type: InvoiceView })
  @ApiProblemResponse(409, ISSUED + IDEMPOTENCY_409)
  removeLine(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Param('lineId', lineId) line: string,
  ): Promise<InvoiceView> {
    return this.invoices.removeLine(actor, id, line);
  }

  @Post(':id/flat-fees')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Adds a flat fee for the matter or one phase; the time it covers bills at zero' })
  @ApiCreatedResponse({ type: InvoiceView })
  @ApiProblemResponse(409, ISSUED + IDEMPOTENCY_409)
  @ApiProblemResponse(422, 'billing_terms_missing: no amount and no flat fee in the terms.' + IDEMPOTENCY_422)
  addFlatFee(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: AddFlatFeeDto,
  ): Promise<InvoiceView> {
    return this.invoices.addFlatFee(actor, id, body);
  }

  @Post(':id/contingency')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Adds a contingency fee on a recorded recovery, by the matter's terms" })
  @ApiCreatedResponse({ type: InvoiceView })
  @ApiProblemResponse(409, ISSUED + IDEMPOTENCY_409)
  @ApiProblemResponse(422, 'billing_terms_missing: the matter has no contingency terms.' + IDEMPOTENCY_422)
  addContingency(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
    @Body() body: AddContingencyDto,
  ): Promise<InvoiceView> {
    return this.invoices.addContingency(actor, id, body);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Issues the pre-bill as an immutable invoice with the next gap-free number' })
  @ApiOkResponse({ type: InvoiceView })
  @ApiProblemResponse(409, `${ISSUED} pre_bill_stale: work on it was reversed since.` + IDEMPOTENCY_409)
  @ApiProblemResponse(422, 'outsourced_cost_rule (the lines named), or invoice_empty.' + IDEMPOTENCY_422)
  issue(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<InvoiceView> {
    return this.invoices.issue(actor, id);
  }
}
