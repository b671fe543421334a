import type { FieldError } from '@lawfirm/errors';
import type { BillingLetterheadRecord } from './billing-letterhead.entity';
import type { EbillingProfileRecord } from './ebilling-profile.entity';
import { extendedAmountMinor } from './ledes-amounts';
import {
  UNIT_SCALE,
  type LedesClassification,
  type LedesInvoice,
  type LedesLine,
  type LedesTax,
  type LedesTimekeeper,
} from './ledes-invoice';

/** An issued invoice as billing's invoices feature hands it out (InvoicesService.issuedInvoice). */
export interface IssuedInvoiceInput {
  invoiceId: string;
  number: string;
  issuedAt: string;
  currency: string;
  periodStart: string | null;
  periodEnd: string;
  clientId: string;
  clientName: string | null;
  matterId: string | null;
  matters: Array<{ matterId: string; number: string | null; title: string | null }>;
  discountMinor: number;
  /** The lines' taxes and the discount's (negative), stored when issued. */
  taxMinor: number;
  discountTax: IssuedTax | null;
  /** Tax-inclusive. */
  totalMinor: number;
  lines: Array<{
    position: number;
    kind: string;
    matterId: string;
    date: string | null;
    timekeeperId: string | null;
    timekeeperName: string | null;
    ledesClassification: string | null;
    taskCode: string | null;
    activityCode: string | null;
    expenseCode: string | null;
    narrative: string;
    billedTenths: number | null;
    rateMinor: number | null;
    standardMinor: number;
    amountMinor: number;
    tax: IssuedTax | null;
  }>;
}

/** A tax stored on an issued invoice's line (or its discount). */
export interface IssuedTax {
  type: string;
  rateBasisPoints: number;
  amountMinor: number;
  registrationNumber: string | null;
}

function ledesTax(tax: IssuedTax | null): { tax: LedesTax } | Record<string, never> {
  if (!tax) return {};
  return {
    tax: {
      type: tax.type,
      rateBasisPoints: tax.rateBasisPoints,
      amountMinor: tax.amountMinor,
      ...(tax.registrationNumber ? { registrationNumber: tax.registrationNumber } : {}),
    },
  };
}

export interface MappedInvoice {
  invoice: LedesInvoice;
  /** What keeps it from being exported (missing profile ids, totals that disagree); empty when none. */
  problems: FieldError[];
}

const NO_ADDRESS = { line1: '', city: '', country: '' };

/**
 * An issued invoice, the client's e-billing profile and the firm's letterhead as the LEDES model.
 * Nothing missing is invented: a missing profile, letterhead, matter id or classification is a
 * problem listed for the caller (the PDF and CSV can still be made without a profile).
 */
export function invoiceToLedes(
  issued: IssuedInvoiceInput,
  profile: EbillingProfileRecord | null,
  letterhead: BillingLetterheadRecord | null,
): MappedInvoice {
  const problems: FieldError[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ field, message: `Invoice ${issued.number}: ${message}` });
  if (!profile)
    problem(
      'ebillingProfile',
      `client ${issued.clientId} has no e-billing profile (PUT /v1/clients/${issued.clientId}/ebilling-profile)`,
    );
  if (!letterhead)
    problem('letterhead', "the firm's billing letterhead is not set (PUT /v1/billing-letterhead)");
  if (!issued.clientName)
    problem('client.name', `the name of client ${issued.clientId} is not known to billing yet`);

  const invoiceDate = issued.issuedAt.slice(0, 10);
  const matterIds = new Map(
    issued.matters.map((matter) => [
      matter.matterId,
      {
        lawFirmMatterId: matter.number ?? '',
        clientMatterId: profile?.clientMatterIds[matter.matterId] ?? '',
        title: matter.title ?? '',
      },
    ]),
  );
  for (const [matterId, ids] of matterIds) {
    if (!ids.lawFirmMatterId)
      problem(`matters.${matterId}`, `matter ${matterId} has no number in billing yet`);
    if (profile && !ids.clientMatterId)
      problem(
        `ebillingProfile.clientMatterIds.${matterId}`,
        `the client's e-billing profile has no matter id for matter ${ids.lawFirmMatterId || matterId}`,
      );
  }
  const main = matterIds.get(issued.matterId ?? issued.lines[0]?.matterId ?? '') ?? {
    lawFirmMatterId: '',
    clientMatterId: '',
    title: '',
  };
  const several = matterIds.size > 1;

  const lines: LedesLine[] = [...issued.lines]
    .sort((a, b) => a.position - b.position)
    .map((line, index) => {
      const isTime = line.kind === 'time';
      const isExpense = line.kind === 'expense';
      // Time is billed tenths × hourly rate; everything else is one unit at its standard amount.
      const unitsScaled = isTime ? (line.billedTenths ?? 0) * (UNIT_SCALE / 10) : UNIT_SCALE;
      const unitCostMinor = isTime ? (line.rateMinor ?? 0) : line.standardMinor;
      const ids = matterIds.get(line.matterId);
      return {
        lineNumber: index + 1,
        type: isExpense ? 'expense' : 'fee',
        date: line.date ?? issued.periodEnd,
        // A fee names its timekeeper (an incomplete one is refused by the export rules); an
        // expense may, and does when billing knows the name and classification.
        ...(line.timekeeperId && (!isExpense || (line.timekeeperName && line.ledesClassification))
          ? { timekeeper: timekeeperOf(line.timekeeperId, line.timekeeperName, line.ledesClassification) }
          : {}),
        unitsScaled,
        unitCostMinor,
        adjustmentMinor: line.amountMinor - extendedAmountMinor(unitsScaled, unitCostMinor),
        totalMinor: line.amountMinor,
        ...ledesTax(line.tax),
        ...(line.taskCode ? { taskCode: line.taskCode } : {}),
        ...(line.activityCode ? { activityCode: line.activityCode } : {}),
        ...(line.expenseCode ? { expenseCode: line.expenseCode } : {}),
        description: line.narrative,
        ...(several && ids
          ? { matter: { lawFirmMatterId: ids.lawFirmMatterId, clientMatterId: ids.clientMatterId } }
          : {}),
      } satisfies LedesLine;
    });
  if (issued.discountMinor !== 0)
    lines.push({
      lineNumber: lines.length + 1,
      type: 'fee-adjustment',
      date: invoiceDate,
      unitsScaled: 0,
      unitCostMinor: 0,
      adjustmentMinor: -issued.discountMinor,
      totalMinor: -issued.discountMinor,
      ...ledesTax(issued.discountTax),
      description: 'Invoice discount on fees',
    });
  const linesTotal = lines.reduce((sum, line) => sum + line.totalMinor + (line.tax?.amountMinor ?? 0), 0);
  if (linesTotal !== issued.totalMinor)
    problem(
      'totalMinor',
      `its lines and their tax add up to ${linesTotal}, not to its total ${issued.totalMinor}`,
    );

  return {
    problems,
    invoice: {
      invoiceNumber: issued.number,
      invoiceDate,
      billingStartDate:
        issued.periodStart ??
        lines.reduce((first, line) => (line.date < first ? line.date : first), issued.periodEnd),
      billingEndDate: issued.periodEnd,
      description: several
        ? 'Professional services'
        : main.title
          ? `Professional services: ${main.title}`
          : 'Professional services',
      currency: issued.currency,
      lawFirm: letterhead
        ? {
            name: letterhead.name,
            address: letterhead.address,
            ...(letterhead.taxId ? { taxId: letterhead.taxId } : {}),
          }
        : { name: '', address: NO_ADDRESS },
      client: {
        name: issued.clientName ?? '',
        address: profile?.clientAddress ?? NO_ADDRESS,
        ...(profile?.clientTaxId ? { taxId: profile.clientTaxId } : {}),
      },
      ebilling: {
        clientId: profile?.ledesClientId ?? '',
        lawFirmId: profile?.lawFirmId ?? '',
        requiredCodes: {
          task: profile?.requireTaskCodes ?? false,
          activity: profile?.requireActivityCodes ?? false,
          expense: profile?.requireExpenseCodes ?? false,
        },
      },
      lawFirmMatterId: main.lawFirmMatterId,
      clientMatterId: main.clientMatterId,
      matterName: several ? `${matterIds.size} matters` : main.title,
      accountType: 'O',
      lines,
    },
  };
}

/** "Ada Lovelace" → first "Ada", last "Lovelace"; the classification stays as recorded (none is invented). */
function timekeeperOf(id: string, name: string | null, classification: string | null): LedesTimekeeper {
  const full = (name ?? '').trim();
  const split = full.lastIndexOf(' ');
  return {
    id,
    firstName: split > 0 ? full.slice(0, split) : '',
    lastName: split > 0 ? full.slice(split + 1) : full,
    classification: (classification ?? '') as LedesClassification,
  };
}
