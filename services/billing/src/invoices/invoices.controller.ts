import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import { BillingTermsView, CreditNoteView, InvoicePage, InvoiceView } from './dto/invoice.view';
import {
  BillingTermsDto,
  FirmBillingTermsDto,
  FirmBillingTermsView,
  InvoiceListQuery,
  NumberingDto,
  NumberingView,
} from './dto/pre-bill.dto';
import { InvoicesService } from './invoices.service';
import { NUMBER_SERIES, type NumberSeriesName } from './number-series.entity';
import { ParseEnumPipe } from './parse-enum.pipe';

const invoiceId = new ResourceIdPipe('invoice');

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: 'Lists invoices and pre-bills, newest first' })
  @ApiOkResponse({ type: InvoicePage })
  list(@CurrentActor() actor: Actor, @Query() query: InvoiceListQuery): Promise<InvoicePage> {
    return this.invoices.list(
      actor,
      { status: query.status, clientId: query.clientId, matterId: query.matterId },
      query.limit,
      query.cursor,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'Gets an invoice or pre-bill with its lines, totals and credit notes' })
  @ApiOkResponse({ type: InvoiceView })
  get(@CurrentActor() actor: Actor, @Param('id', invoiceId) id: string): Promise<InvoiceView> {
    return this.invoices.get(actor, id);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/credit-notes')
export class CreditNotesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Gets a credit note' })
  @ApiOkResponse({ type: CreditNoteView })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('credit_note')) id: string,
  ): Promise<CreditNoteView> {
    return this.invoices.getCreditNote(actor, id);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/matters/:matterId/billing-terms')
export class BillingTermsController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: "Gets a matter's billing terms (flat fee, contingency, vendor markup)" })
  @ApiOkResponse({ type: BillingTermsView })
  get(
    @CurrentActor() actor: Actor,
    @Param('matterId', new ResourceIdPipe('matter')) matterId: string,
  ): Promise<BillingTermsView> {
    return this.invoices.getTerms(actor, matterId);
  }

  @Put()
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets a matter's billing terms" })
  @ApiOkResponse({ type: BillingTermsView })
  put(
    @CurrentActor() actor: Actor,
    @Param('matterId', new ResourceIdPipe('matter')) matterId: string,
    @Body() body: BillingTermsDto,
  ): Promise<BillingTermsView> {
    return this.invoices.putTerms(actor, matterId, body);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/billing-terms')
export class FirmBillingTermsController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: "The firm's default payment terms (used when a matter's terms name none)" })
  @ApiOkResponse({ type: FirmBillingTermsView })
  get(@CurrentActor() actor: Actor): Promise<FirmBillingTermsView> {
    return this.invoices.getFirmTerms(actor);
  }

  @Put()
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets the firm's default payment terms (days from issue to due date)" })
  @ApiOkResponse({ type: FirmBillingTermsView })
  put(@CurrentActor() actor: Actor, @Body() body: FirmBillingTermsDto): Promise<FirmBillingTermsView> {
    return this.invoices.putFirmTerms(actor, body);
  }
}

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/invoice-numbering')
export class NumberingController {
  constructor(private readonly invoices: InvoicesService) {}

  @Get()
  @ApiOperation({ summary: "The firm's invoice and credit-note number series" })
  @ApiOkResponse({ type: [NumberingView] })
  list(@CurrentActor() actor: Actor): Promise<NumberingView[]> {
    return this.invoices.numbering(actor);
  }

  @Put(':series')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets a series' prefix and padding (the sequence continues)" })
  @ApiParam({ name: 'series', enum: NUMBER_SERIES })
  @ApiOkResponse({ type: NumberingView })
  set(
    @CurrentActor() actor: Actor,
    @Param('series', new ParseEnumPipe('series', NUMBER_SERIES)) series: NumberSeriesName,
    @Body() body: NumberingDto,
  ): Promise<NumberingView> {
    return this.invoices.setNumbering(actor, series, body);
  }
}
