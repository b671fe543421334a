import { sampleInvoice } from '../ledes/ledes.service';
import type { InvoiceDocument } from './invoice-document';

/** A printed invoice for specs and for looking at the PDF. */
export function sampleDocument(
  overrides: Partial<InvoiceDocument> = {},
  taxRateBasisPoints?: number,
): InvoiceDocument {
  return {
    invoice: sampleInvoice({}, taxRateBasisPoints),
    letterhead: {
      phone: '+1 212 555 0142',
      email: 'billing@okaforreyes.example',
      website: 'okaforreyes.example',
    },
    dueDate: '2026-12-02',
    previousBalanceMinor: 1_250_000,
    paymentsReceivedMinor: 1_000_000,
    paymentInstructions: [
      'Bank transfer: First Harbor Bank, ABA 021000021, account 4455667788, Okafor Reyes LLP Operating Account.',
      'Cheques payable to Okafor Reyes LLP, 200 Park Avenue, Suite 1700, New York, NY 10166.',
    ],
    groupFeesBy: 'timekeeper',
    taskNames: {
      L110: 'Fact Investigation/Development',
      L120: 'Analysis/Strategy',
      L140: 'Document/File Management',
      L210: 'Pleadings',
    },
    ...overrides,
  };
}
