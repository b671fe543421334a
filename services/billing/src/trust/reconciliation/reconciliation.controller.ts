import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
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
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  ImportOfxStatementDto,
  ImportStatementDto,
  ManualMatchDto,
  SignOffDto,
  StatementView,
  StoredReconciliationView,
} from './reconciliation.dto';
import { ReconciliationService } from './reconciliation.service';

const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';
const IDEMPOTENCY_422 =
  ' Through the gateway, also idempotency_key_reused (this Idempotency-Key was used for another request).';

const accountId = new ResourceIdPipe('trust_account');
const statementId = new ResourceIdPipe('trust_statement');
const lineId = new ResourceIdPipe('trust_statement_line');
const reconciliationId = new ResourceIdPipe('trust_reconciliation');

@ApiTags('trust')
@ApiBearerAuth('bearer')
@Controller('v1/trust')
export class TrustReconciliationController {
  constructor(private readonly reconciliations: ReconciliationService) {}

  @Post('accounts/:accountId/statements')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: 'Imports a bank statement (CSV through a column mapping) and matches its lines automatically',
  })
  @ApiCreatedResponse({ type: StatementView })
  @ApiProblemResponse(404, 'trust account not found.')
  @ApiProblemResponse(
    409,
    'statement_already_imported (the same file, by its content hash).' + IDEMPOTENCY_409,
  )
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  importStatement(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: ImportStatementDto,
  ): Promise<StatementView> {
    return this.reconciliations.importStatement(actor, id, body);
  }

  @Post('accounts/:accountId/statements/ofx')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Imports a bank statement in OFX (1.x SGML or 2.x XML) and matches its lines automatically, as for CSV',
  })
  @ApiCreatedResponse({ type: StatementView })
  @ApiProblemResponse(
    400,
    'validation_failed: not an OFX file, or a field of it unreadable (named as statementOfx.<OFX path>), another currency than the account, a period ending in the future.',
  )
  @ApiProblemResponse(404, 'trust account not found.')
  @ApiProblemResponse(
    409,
    'statement_already_imported (the same bank account, period, closing balance and transactions).' +
      IDEMPOTENCY_409,
  )
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  importOfxStatement(
    @CurrentActor() actor: Actor,
    @Param('accountId', accountId) id: string,
    @Body() body: ImportOfxStatementDto,
  ): Promise<StatementView> {
    return this.reconciliations.importOfxStatement(actor, id, body);
  }

  @Get('statements/:statementId')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Gets a stored bank statement with its lines and what each is matched to' })
  @ApiOkResponse({ type: StatementView })
  @ApiProblemResponse(404, 'trust statement not found.')
  getStatement(
    @CurrentActor() actor: Actor,
    @Param('statementId', statementId) id: string,
  ): Promise<StatementView> {
    return this.reconciliations.getStatement(actor, id);
  }

  @Post('statements/:statementId/lines/:lineId/matches')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: "Matches a statement line by hand to entries adding up to the line's amount" })
  @ApiOkResponse({ type: StatementView })
  @ApiProblemResponse(404, 'trust statement or line not found.')
  @ApiProblemResponse(
    409,
    'statement_line_already_matched, trust_entry_already_matched, or reconciliation_already_signed_off.' +
      IDEMPOTENCY_409,
  )
  @ApiProblemResponse(422, 'match_amounts_disagree: the entries do not add up to the line.' + IDEMPOTENCY_422)
  match(
    @CurrentActor() actor: Actor,
    @Param('statementId', statementId) id: string,
    @Param('lineId', lineId) line: string,
    @Body() body: ManualMatchDto,
  ): Promise<StatementView> {
    return this.reconciliations.matchLine(actor, id, line, body);
  }

  @Delete('statements/:statementId/lines/:lineId/matches')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Takes back the matches of a statement line (automatic or by hand)' })
  @ApiOkResponse({ type: StatementView })
  @ApiProblemResponse(404, 'trust statement or line not found.')
  @ApiProblemResponse(409, 'reconciliation_already_signed_off.' + IDEMPOTENCY_409)
  @ApiProblemResponse(422, IDEMPOTENCY_422.trim())
  unmatch(
    @CurrentActor() actor: Actor,
    @Param('statementId', statementId) id: string,
    @Param('lineId', lineId) line: string,
  ): Promise<StatementView> {
    return this.reconciliations.unmatchLine(actor, id, line);
  }

  @Get('statements/:statementId/reconciliation')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary: "The statement period's three-way reconciliation: the signed one, or computed now if not signed",
  })
  @ApiOkResponse({ type: StoredReconciliationView })
  @ApiProblemResponse(404, 'trust statement not found.')
  reconciliation(
    @CurrentActor() actor: Actor,
    @Param('statementId', statementId) id: string,
  ): Promise<StoredReconciliationView> {
    return this.reconciliations.reconciliationOfStatement(actor, id);
  }

  @Post('statements/:statementId/reconciliation/sign-off')
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({
    summary:
      'Signs off the reconciliation as the caller (balanced, or every difference explained); immutable',
  })
  @ApiCreatedResponse({ type: StoredReconciliationView })
  @ApiProblemResponse(403, 'sign_off_needs_user: only a signed-in user signs off.')
  @ApiProblemResponse(404, 'trust statement not found.')
  @ApiProblemResponse(
    409,
    'reconciliation_already_signed_off (one per account and period end).' + IDEMPOTENCY_409,
  )
  @ApiProblemResponse(
    422,
    'reconciliation_differences_unexplained: not balanced and a difference has no explanation.' +
      IDEMPOTENCY_422,
  )
  signOff(
    @CurrentActor() actor: Actor,
    @Param('statementId', statementId) id: string,
    @Body() body: SignOffDto,
  ): Promise<StoredReconciliationView> {
    return this.reconciliations.signOff(actor, id, body);
  }

  @Get('reconciliations/:reconciliationId')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Gets a signed-off trust reconciliation' })
  @ApiOkResponse({ type: StoredReconciliationView })
  @ApiProblemResponse(404, 'trust reconciliation not found.')
  getReconciliation(
    @CurrentActor() actor: Actor,
    @Param('reconciliationId', reconciliationId) id: string,
  ): Promise<StoredReconciliationView> {
    return this.reconciliations.getReconciliation(actor, id);
  }

  @Get('reconciliations/:reconciliationId/report.csv')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'A signed trust reconciliation as CSV: the figures, then every difference' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'Figures and differences, with a header row.', schema: { type: 'string' } })
  @ApiProblemResponse(404, 'trust reconciliation not found.')
  async reportCsv(
    @CurrentActor() actor: Actor,
    @Param('reconciliationId', reconciliationId) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const csv = await this.reconciliations.report(actor, id, 'csv');
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="trust-reconciliation-${id}.csv"`);
    return csv;
  }

  @Get('reconciliations/:reconciliationId/report.pdf')
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'A signed trust reconciliation as the PDF report a bar auditor reads' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The report as a PDF.', schema: { type: 'string', format: 'binary' } })
  @ApiProblemResponse(404, 'trust reconciliation not found.')
  async reportPdf(
    @CurrentActor() actor: Actor,
    @Param('reconciliationId', reconciliationId) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const pdf = await this.reconciliations.report(actor, id, 'pdf');
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `attachment; filename="trust-reconciliation-${id}.pdf"`);
    return pdf;
  }
}
