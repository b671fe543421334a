import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import { InvoiceView } from './dto/invoice.view';
import {
  AddContingencyDto,
  AddFlatFeeDto,
  CreatePreBillDto,
  EditLineDto,
  EditPreBillDto,
} from './dto/pre-bill.dto';
import { InvoicesService } from './invoices.service';

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
  @ApiConflictResponse({ description: 'pre_bill_exists: an open pre-bill already holds this work.' })
  @ApiUnprocessableEntityResponse({
    description: 'rate_not_found: time no rate rule prices, each entry named.',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreatePreBillDto): Promise<InvoiceView> {
    return this.invoices.createPreBill(actor, body);
  }

  @Patch(':id')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets or clears the pre-bill's discount on fees" })
  @ApiOkResponse({ type: InvoiceView })
  @ApiConflictResponse({ description: ISSUED })
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
  @ApiConflictResponse({ description: ISSUED })
  async discard(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<void> {
    await this.invoices.discard(actor, id);
  }

  @Patch(':id/lines/:lineId')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Edits a line's narrative or adjustment (discount, write-down, write-off)" })
  @ApiOkResponse({ type: InvoiceView })
  @ApiConflictResponse({ description: ISSUED })
  @ApiUnprocessableEntityResponse({ description: 'outsourced_cost_rule: a disbursement would be marked up.' })
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
  @ApiConflictResponse({ description: ISSUED })
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
  @ApiConflictResponse({ description: ISSUED })
  @ApiUnprocessableEntityResponse({
    description: 'billing_terms_missing: no amount and no flat fee in the terms.',
  })
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
  @ApiConflictResponse({ description: ISSUED })
  @ApiUnprocessableEntityResponse({
    description: 'billing_terms_missing: the matter has no contingency terms.',
  })
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
  @ApiConflictResponse({ description: `${ISSUED} pre_bill_stale: work on it was reversed since.` })
  @ApiUnprocessableEntityResponse({
    description: 'outsourced_cost_rule (the lines named), or invoice_empty.',
  })
  issue(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<InvoiceView> {
    return this.invoices.issue(actor, id);
  }
}
