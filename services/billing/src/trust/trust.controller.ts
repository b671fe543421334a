import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe, type Page } from '@lawfirm/platform';
import {
  CreateTrustAccountDto,
  ReconciliationRequestDto,
  ReverseTrustEntryDto,
  TrustBankItemDto,
  TrustDepositDto,
  TrustDisbursementDto,
  TrustEntryListQuery,
  TrustMinimumDto,
  TrustReportQuery,
  TrustTransferDto,
  UpdateTrustAccountDto,
} from './dto/trust.dto';
import {
  InvoiceTrustBalanceList,
  MatterTrustBalanceList,
  ReconciliationView,
  TrustAccountList,
  TrustAccountView,
  TrustEntryPage,
  TrustEntryView,
  TrustLedgerList,
  TrustLedgerView,
} from './dto/trust.view';
import { TrustService } from './trust.service';

// Through the gateway a forwarded write may also answer its Idempotency-Key refusals; an explicit
// 409 or 422 here replaces the gateway's own description of them, so it repeats them.
const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';
const IDEMPOTENCY_422 =
  ' Through the gateway, also idempotency_key_reused (this Idempotency-Key was used for another request).';
const INSUFFICIENT =
  'trust_insufficient_funds: more than the ledger has available (balance less uncleared deposits); the problem names availableMinor; the refusal is audited.';

const accountId = new ResourceIdPipe('trust_account');
const entryId = new ResourceIdPipe('trust_entry');
const matterId = new ResourceIdPipe('matter');
const invoiceId = new ResourceIdPipe('invoice');

@ApiTags('trust')
@ApiBearerAuth('bearer')
@Controller('v1/trust/accounts')
export class TrustAccountsController {
  constructor(private readonly trust: TrustService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: 'Opens a trust bank account (IOLTA or client-specific) with its deposit hold days',
  })
  @ApiCreatedResponse({ type: TrustAccountView })
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  create(@CurrentActor() actor: Actor, @Body() body: CreateTrustAccountDto): Promise<TrustAccountView> {
    return this.trust.createAccount(actor, body);
  }

  @Get()
  @ApiOperation({ summary: "Lists the firm's trust accounts with their book balances" })
  @ApiOkResponse({ type: TrustAccountList })
  list(@CurrentActor() actor: Actor): Promise<TrustAccountList> {
    return this.trust.listAccounts(actor);
  }

  @Get(':accountId')
  @ApiOperation({ summary: 'Gets a trust account: book balance, client ledgers and firm funds' })
  @ApiOkResponse({ type: TrustAccountView })
  @ApiProblemResponse(404, 'trust account not found.')
  get(@CurrentActor() actor: Actor, @Param('accountId', accountId) id: string): Promise<TrustAccountView> {
    return this.trust.getAccount(actor, id);
  }

  @Put(':accountId/hold-days')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: 'Sets the days a deposit stays uncleared (applies to deposits recorded afterwards)',
  })
  @ApiOkResponse({ type: TrustAccountView })
  @ApiProblemResponse(404, 'trust account not found.')
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  holdDays(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: UpdateTrustAccountDto,
  ): Promise<TrustAccountView> {
    return this.trust.setHoldDays(actor, id, body.holdDays);
  }

  @Get(':accountId/ledgers')
  @ApiOperation({ summary: "Lists an account's ledgers: each client matter and the firm's funds line" })
  @ApiOkResponse({ type: TrustLedgerList })
  @ApiProblemResponse(404, 'trust account not found.')
  ledgers(@CurrentActor() actor: Actor, @Param('accountId', accountId) id: string): Promise<TrustLedgerList> {
    return this.trust.ledgers(actor, id);
  }

  @Put(':accountId/ledgers/:matterId/minimum')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Sets or clears a matter's evergreen minimum; falling below it is reported once" })
  @ApiOkResponse({ type: TrustLedgerView })
  @ApiProblemResponse(404, 'trust account not found, or the matter has no ledger in it.')
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  minimum(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Param('matterId', matterId) matter: string,
    @Body() body: TrustMinimumDto,
  ): Promise<TrustLedgerView> {
    return this.trust.setMinimum(actor, id, matter, body.minimumMinor);
  }

  @Post(':accountId/deposits')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: "Records money received into a matter's trust ledger (retainer, settlement funds)",
  })
  @ApiCreatedResponse({ type: TrustEntryView })
  @ApiProblemResponse(404, 'trust account or matter not found.')
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  deposit(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: TrustDepositDto,
  ): Promise<TrustEntryView> {
    return this.trust.deposit(actor, id, body);
  }

  @Post(':accountId/transfers')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: "Transfers earned fees to the operating account to pay an issued invoice of the matter's client",
  })
  @ApiCreatedResponse({ type: TrustEntryView })
  @ApiProblemResponse(404, 'trust account or invoice not found.')
  @ApiProblemResponse(
    422,
    `${INSUFFICIENT} transfer_exceeds_open_amount: more than is open on the invoice.${IDEMPOTENCY_422}`,
  )
  transfer(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: TrustTransferDto,
  ): Promise<TrustEntryView> {
    return this.trust.transfer(actor, id, body);
  }

  @Post(':accountId/disbursements')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: 'Pays money out of a matter ledger: a refund to the client or a third-party payment',
  })
  @ApiCreatedResponse({ type: TrustEntryView })
  @ApiProblemResponse(404, 'trust account not found.')
  @ApiProblemResponse(422, INSUFFICIENT + IDEMPOTENCY_422)
  disburse(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: TrustDisbursementDto,
  ): Promise<TrustEntryView> {
    return this.trust.disburse(actor, id, body);
  }

  @Post(':accountId/bank-items')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Records a bank fee or interest on the firm's own funds line of the account" })
  @ApiCreatedResponse({ type: TrustEntryView })
  @ApiProblemResponse(404, 'trust account not found.')
  @ApiProblemResponse(422, INSUFFICIENT + IDEMPOTENCY_422)
  bankItem(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: TrustBankItemDto,
  ): Promise<TrustEntryView> {
    return this.trust.bankItem(actor, id, body);
  }
  @Get(':accountId/journal.csv')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "The account's journal for a period (every entry, oldest first) as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per entry, with a header row.', schema: { type: 'string' } })
  @ApiProblemResponse(404, 'trust account not found.')
  async journal(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Query() query: TrustReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.trust.entriesCsv(actor, id, query);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header(
      'content-disposition',
      `attachment; filename="trust-journal-${query.from}-${query.to}.csv"`,
    );
    return csv;
  }

  @Get(':accountId/journal.pdf')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "The account's journal for a period as PDF, with money in, out and the net" })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The journal as a PDF.', schema: { type: 'string', format: 'binary' } })
  @ApiProblemResponse(404, 'trust account not found.')
  async journalPdf(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Query() query: TrustReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const pdf = await this.trust.entriesPdf(actor, id, query);
    void reply.header('content-type', 'application/pdf');
    void reply.header(
      'content-disposition',
      `attachment; filename="trust-journal-${query.from}-${query.to}.pdf"`,
    );
    return pdf;
  }

  @Get(':accountId/ledgers/:matterId/card.csv')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "A matter's client ledger card in the account for a period as CSV" })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'One row per entry, with a header row.', schema: { type: 'string' } })
  @ApiProblemResponse(404, 'trust account not found.')
  async card(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Param('matterId', matterId) matter: string,
    @Query() query: TrustReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.trust.entriesCsv(actor, id, query, matter);
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="trust-ledger-card-${matter}.csv"`);
    return csv;
  }

  @Get(':accountId/ledgers/:matterId/card.pdf')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "A matter's client ledger card in the account for a period as PDF" })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The ledger card as a PDF.', schema: { type: 'string', format: 'binary' } })
  @ApiProblemResponse(404, 'trust account not found.')
  async cardPdf(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Param('matterId', matterId) matter: string,
    @Query() query: TrustReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const pdf = await this.trust.entriesPdf(actor, id, query, matter);
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `attachment; filename="trust-ledger-card-${matter}.pdf"`);
    return pdf;
  }

  @Post(':accountId/reconciliation')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Reconciles the account three ways at a period end against a bank statement CSV (not stored yet)',
  })
  @ApiOkResponse({ type: ReconciliationView })
  @ApiProblemResponse(404, 'trust account not found.')
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  reconcile(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: ReconciliationRequestDto,
  ): Promise<ReconciliationView> {
    return this.trust.reconcile(actor, id, body);
  }
}

@ApiTags('trust')
@ApiBearerAuth('bearer')
@Controller('v1/trust')
export class TrustEntriesController {
  constructor(private readonly trust: TrustService) {}

  @Get('entries')
  @ApiOperation({ summary: 'Lists trust entries of an account or a matter, newest first' })
  @ApiOkResponse({ type: TrustEntryPage })
  list(@CurrentActor() actor: Actor, @Query() query: TrustEntryListQuery): Promise<Page<TrustEntryView>> {
    return this.trust.listEntries(
      actor,
      { accountId: query.accountId, matterId: query.matterId },
      query.limit,
      query.cursor,
    );
  }

  @Get('entries/:entryId')
  @ApiOperation({ summary: 'Gets a trust entry (with the reversal that corrected it, if any)' })
  @ApiOkResponse({ type: TrustEntryView })
  @ApiProblemResponse(404, 'trust entry not found.')
  get(@CurrentActor() actor: Actor, @Param('entryId', entryId) id: string): Promise<TrustEntryView> {
    return this.trust.getEntry(actor, id);
  }

  @Post('entries/:entryId/reversal')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Corrects a trust entry by a reversing entry pointing at it' })
  @ApiCreatedResponse({ type: TrustEntryView })
  @ApiProblemResponse(404, 'trust entry not found.')
  @ApiProblemResponse(
    409,
    'trust_entry_already_reversed, or trust_entry_not_reversible (a reversal).' + IDEMPOTENCY_409,
  )
  @ApiProblemResponse(422, INSUFFICIENT + IDEMPOTENCY_422)
  reverse(
    @CurrentActor() actor: Actor,
    @Param('entryId', entryId) id: string,
    @Body() body: ReverseTrustEntryDto,
  ): Promise<TrustEntryView> {
    return this.trust.reverse(actor, id, body);
  }

  @Get('matters/:matterId/balance')
  @ApiOperation({ summary: "Gets a matter's trust balance in every account holding money for it" })
  @ApiOkResponse({ type: MatterTrustBalanceList })
  @ApiProblemResponse(404, 'matter not found (malformed id).')
  async matterBalance(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) id: string,
  ): Promise<MatterTrustBalanceList> {
    return { items: await this.trust.matterBalances(actor, [id]) };
  }
}

@ApiTags('trust')
@ApiBearerAuth('bearer')
@Controller('v1/invoices')
export class InvoiceTrustController {
  constructor(private readonly trust: TrustService) {}

  @Get(':id/trust-balance')
  @ApiOperation({
    summary: 'Gets the trust balance of each matter an invoice bills, now and as of its issue day',
  })
  @ApiOkResponse({ type: InvoiceTrustBalanceList })
  @ApiProblemResponse(404, 'invoice not found.')
  invoiceBalance(
    @CurrentActor() actor: Actor,
    @Param('id', invoiceId) id: string,
  ): Promise<InvoiceTrustBalanceList> {
    return this.trust.invoiceTrustBalances(actor, id);
  }
}
