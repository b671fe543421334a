import { Injectable } from '@nestjs/common';
import type { Actor } from '@lawfirm/auth';
import { DomainError, type FieldError } from '@lawfirm/errors';
import { LedesService } from '../ledes/ledes.service';
import { PaymentsService } from '../payments/payments.service';
import { TrustService } from '../trust/trust.service';
import { invoiceLinesCsv } from './invoice-csv.writer';
import type { InvoiceDocument } from './invoice-document';
import { renderInvoicePdf } from './invoice-pdf.renderer';

/** The invoice cannot be printed yet (no letterhead, client unknown, totals that disagree). */
export class InvoiceDocumentRefusedError extends DomainError {
  constructor(problems: FieldError[]) {
    super('unprocessable', 'invoice_document_refused', 'The invoice cannot be printed yet.', problems);
  }
}

/** What must be right before an invoice is printed (the LEDES-only problems do not stop a PDF). */
const BLOCKS_PRINTING = new Set(['letterhead', 'client.name', 'totalMinor']);

export type FeeGrouping = InvoiceDocument['groupFeesBy'];

@Injectable()
export class InvoiceDocumentsService {
  constructor(
    private readonly ledes: LedesService,
    private readonly payments: PaymentsService,
    private readonly trust: TrustService,
  ) {}

  async pdf(
    actor: Actor,
    invoiceId: string,
    groupFeesBy: FeeGrouping,
  ): Promise<{ fileName: string; content: Buffer }> {
    const { invoice, problems, letterhead, creditedMinor } = await this.ledes.ledesInvoice(actor, invoiceId);
    const blocking = problems.filter((problem) => BLOCKS_PRINTING.has(problem.field));
    if (blocking.length || !letterhead) throw new InvoiceDocumentRefusedError(blocking);
    const account = await this.payments.invoiceStatement(actor, invoiceId);
    const trust = await this.trust.invoiceTrustBalances(actor, invoiceId);
    const content = await renderInvoicePdf({
      invoice,
      letterhead: {
        ...(letterhead.phone ? { phone: letterhead.phone } : {}),
        ...(letterhead.email ? { email: letterhead.email } : {}),
        ...(letterhead.website ? { website: letterhead.website } : {}),
      },
      creditedMinor,
      ...(account.dueDate ? { dueDate: account.dueDate } : {}),
      previousBalanceMinor: account.previousBalanceMinor,
      paymentsReceivedMinor: account.paymentsReceivedMinor,
      paymentInstructions: letterhead.paymentInstructions,
      groupFeesBy,
      ...(trust.asOf && trust.items.length
        ? {
            trustHeld: {
              asOf: trust.asOf,
              items: trust.items.map((item) => ({
                matterNumber: item.matterNumber,
                matterTitle: item.matterTitle,
                currency: item.currency,
                heldMinor: item.heldAtIssueMinor ?? 0,
              })),
            },
          }
        : {}),
    });
    return { fileName: `${fileBase(invoice.invoiceNumber)}.pdf`, content };
  }

  async linesCsv(
    actor: Pick<Actor, 'firmId'>,
    invoiceId: string,
  ): Promise<{ fileName: string; content: string }> {
    const { invoice } = await this.ledes.ledesInvoice(actor, invoiceId);
    return { fileName: `${fileBase(invoice.invoiceNumber)}-lines.csv`, content: invoiceLinesCsv(invoice) };
  }
}

const fileBase = (invoiceNumber: string) => invoiceNumber.replace(/[^\w.-]/g, '_');
