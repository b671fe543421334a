import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { InvoicesService } from '../invoices/invoices.service';
import type { BillingLetterheadRecord } from './billing-letterhead.entity';
import type {
  BillingLetterheadDto,
  BillingLetterheadView,
  EbillingProfileDto,
  EbillingProfileView,
} from './dto/ebilling-setup.dto';
import type { EbillingProfileRecord } from './ebilling-profile.entity';
import { invoiceToLedes } from './invoice-to-ledes';
import { validateLedes1998, type LedesValidation } from './ledes-1998.validator';
import { writeLedes1998 } from './ledes-1998.writer';
import { validateLedesXml } from './ledes-xml.validator';
import { writeLedesXml } from './ledes-xml.writer';
import { LedesExportRefusedError } from './ledes-export.rules';
import { LEDES_XML_FORMAT, type LedesExportFormat } from './ledes-formats';
import type { LedesInvoice } from './ledes-invoice';
import { LedesRepository } from './ledes.repository';

/** LEDES: each client's e-billing profile, the firm's letterhead, and checking LEDES files. */
@Injectable()
export class LedesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: LedesRepository,
    private readonly invoices: InvoicesService,
  ) {}

  /**
   * Issued invoices as one LEDES file. Another firm's invoice (or a draft) is 404; an invoice the
   * client's e-billing profile cannot take is 422 listing everything to fix, across the batch.
   */
  async exportInvoices(
    actor: Pick<Actor, 'firmId'>,
    invoiceIds: readonly string[],
    format: LedesExportFormat,
  ): Promise<{ fileName: string; content: string; contentType: string }> {
    const mapped = [];
    for (const invoiceId of invoiceIds) mapped.push(await this.ledesInvoice(actor, invoiceId, true));
    const problems = mapped.flatMap((each) => each.problems);
    if (problems.length) throw new LedesExportRefusedError(problems);
    const invoices = mapped.map((each) => each.invoice);
    const name = mapped.length === 1 ? mapped[0]!.invoice.invoiceNumber : `invoices-${mapped.length}`;
    const fileName = `${name.replace(/[^\w.-]/g, '_')}.ledes${format}`;
    if (format === LEDES_XML_FORMAT)
      return {
        fileName: `${fileName}.xml`,
        content: writeLedesXml(invoices),
        contentType: 'application/xml',
      };
    return {
      fileName: `${fileName}.txt`,
      content: writeLedes1998(invoices, format),
      contentType: 'text/plain',
    };
  }

  /**
   * An issued invoice as the LEDES model, with the firm's letterhead, for the PDF and CSV too
   * (which need no e-billing profile). Problems that would block a LEDES export are returned.
   */
  async ledesInvoice(
    actor: Pick<Actor, 'firmId'>,
    invoiceId: string,
    forLedes = false,
  ): Promise<{
    invoice: LedesInvoice;
    problems: ReturnType<typeof invoiceToLedes>['problems'];
    letterhead: BillingLetterheadView | null;
    creditedMinor: number;
  }> {
    const issued = await this.invoices.issuedInvoice(actor, invoiceId);
    const [profile, letterhead] = await withTenant(this.dataSource, actor.firmId, (manager) =>
      Promise.all([
        this.repository.profile(manager, issued.clientId),
        this.repository.letterhead(manager, actor.firmId),
      ]),
    );
    const mapped = invoiceToLedes(issued, profile, letterhead);
    const problems = forLedes
      ? mapped.problems
      : mapped.problems.filter((problem) => !problem.field.startsWith('ebillingProfile'));
    return {
      invoice: mapped.invoice,
      problems,
      letterhead: letterhead ? letterheadView(letterhead) : null,
      creditedMinor: issued.creditedMinor,
    };
  }

  /** Checks a LEDES 1998B/1998BI file sent as text; reading it changes nothing. */
  validate(file: unknown): LedesValidation {
    if (typeof file !== 'string')
      throw new ValidationFailedError([
        { field: 'body', message: 'send the LEDES file itself as text/plain' },
      ]);
    // An XML file starts with its declaration or root element; a 1998 file with its format line.
    return /^\uFEFF?\s*</.test(file) ? validateLedesXml(file) : validateLedes1998(file);
  }

  async profile(actor: Pick<Actor, 'firmId'>, clientId: string): Promise<EbillingProfileView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const record = await this.repository.profile(manager, clientId);
      if (!record) throw new NotFoundError('ebilling_profile', clientId);
      return profileView(record);
    });
  }

  async setProfile(actor: Actor, clientId: string, input: EbillingProfileDto): Promise<EbillingProfileView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const record: EbillingProfileRecord = {
        firmId: actor.firmId,
        clientId,
        ledesClientId: input.ledesClientId,
        lawFirmId: input.lawFirmId,
        requireTaskCodes: input.requiredCodes.task,
        requireActivityCodes: input.requiredCodes.activity,
        requireExpenseCodes: input.requiredCodes.expense,
        clientAddress: { ...input.clientAddress },
        clientTaxId: input.clientTaxId ?? null,
        clientMatterIds: Object.fromEntries(
          Object.entries(input.clientMatterIds).map(([matterId, id]) => [matterId.toLowerCase(), id.trim()]),
        ),
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      await this.repository.saveProfile(manager, record);
      const view = profileView(record);
      await recordChange(manager, actor, {
        action: 'ebilling-profile.set',
        resourceType: 'client',
        resourceId: clientId,
        details: view as unknown as AuditDetails,
      });
      return view;
    });
  }

  async letterhead(actor: Pick<Actor, 'firmId'>): Promise<BillingLetterheadView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const record = await this.repository.letterhead(manager, actor.firmId);
      if (!record) throw new NotFoundError('billing_letterhead', actor.firmId);
      return letterheadView(record);
    });
  }

  async setLetterhead(actor: Actor, input: BillingLetterheadDto): Promise<BillingLetterheadView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const record: BillingLetterheadRecord = {
        firmId: actor.firmId,
        name: input.name,
        address: { ...input.address },
        taxId: input.taxId ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        website: input.website ?? null,
        paymentInstructions: [...input.paymentInstructions],
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      await this.repository.saveLetterhead(manager, record);
      const view = letterheadView(record);
      await recordChange(manager, actor, {
        action: 'billing-letterhead.set',
        resourceType: 'firm',
        resourceId: actor.firmId,
        details: view as unknown as AuditDetails,
      });
      return view;
    });
  }
}

function profileView(record: EbillingProfileRecord): EbillingProfileView {
  return {
    clientId: record.clientId,
    ledesClientId: record.ledesClientId,
    lawFirmId: record.lawFirmId,
    requiredCodes: {
      task: record.requireTaskCodes,
      activity: record.requireActivityCodes,
      expense: record.requireExpenseCodes,
    },
    clientAddress: record.clientAddress,
    clientTaxId: record.clientTaxId,
    clientMatterIds: record.clientMatterIds,
    updatedAt: record.updatedAt.toISOString(),
  };
}

function letterheadView(record: BillingLetterheadRecord): BillingLetterheadView {
  return {
    name: record.name,
    address: record.address,
    taxId: record.taxId,
    phone: record.phone,
    email: record.email,
    website: record.website,
    paymentInstructions: record.paymentInstructions,
    updatedAt: record.updatedAt.toISOString(),
  };
}

// What other billing features build on (the invoice documents write the PDF and CSV from the same
// model): the invoice model, its amount formatting, and sample invoices for their specs.
export type {
  EbillingProfile,
  LedesAddress,
  LedesClassification,
  LedesInvoice,
  LedesLine,
  LedesLineType,
  LedesParty,
  LedesTax,
  LedesTimekeeper,
} from './ledes-invoice';
export { formatMinor, formatRateBasisPoints, formatUnits, minorUnitDigits } from './ledes-amounts';
export { sampleInvoice, sampleLine } from './sample-invoices';
