import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ADJUSTMENT_KINDS, LINE_KINDS, type AdjustmentKind, type LineKind } from '../invoice-line.entity';

export const INVOICE_VIEW_STATUSES = ['draft', 'issued', 'partially-credited', 'credited'] as const;
export type InvoiceViewStatus = (typeof INVOICE_VIEW_STATUSES)[number];

export class LineTaxView {
  @ApiProperty({ format: 'uuid', description: 'The tax rate (version) that applied on the issue day.' })
  taxRateId!: string;
  @ApiProperty({ example: 'VAT' }) type!: string;
  @ApiProperty({ example: 2000, description: 'Basis points.' }) rateBasisPoints!: number;
  @ApiProperty({ description: 'round(amountMinor × rate ÷ 10,000), half-up, minor units.' })
  amountMinor!: number;
}

export class InvoiceLineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ enum: LINE_KINDS }) kind!: LineKind;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) timeEntryId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) expenseId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-20' }) date!: string | null;
  @ApiProperty({ nullable: true, type: String }) timekeeperId!: string | null;
  @ApiProperty({ nullable: true, type: String }) timekeeperName!: string | null;
  @ApiProperty({ nullable: true, type: String }) classification!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'LEDES 1998B code.' })
  ledesClassification!: string | null;
  @ApiProperty({ nullable: true, type: String }) taskCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) activityCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) expenseCode!: string | null;
  @ApiProperty() narrative!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Raw minutes (never changed by billing).' })
  minutes!: number | null;
  @ApiProperty({ nullable: true, type: Number }) billedTenths!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Hourly rate, minor units.' }) rateMinor!:
    number | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The rate rule that priced the line.',
  })
  rateRuleId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Which precedence level the rate came from.' })
  rateSource!: string | null;
  @ApiProperty({ description: 'Before adjustment: tenths × rate (half-up), the cost, or the fee.' })
  standardMinor!: number;
  @ApiProperty({ enum: ADJUSTMENT_KINDS, nullable: true }) adjustmentKind!: AdjustmentKind | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Basis points or minor units.' })
  adjustmentValue!: number | null;
  @ApiProperty({ nullable: true, type: String }) adjustmentReason!: string | null;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() outsourced!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) vendorId!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'A disbursement: what the firm paid.' })
  costMinor!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Disclosed markup on vendor time, basis points.',
  })
  markupBp!: number | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The flat fee covering this line.',
  })
  coveredByLineId!: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  details!: Record<string, string | number> | null;
  @ApiProperty({
    type: LineTaxView,
    nullable: true,
    description:
      'The tax stored on the line when the invoice was issued; null on a draft or an untaxed line.',
  })
  tax!: LineTaxView | null;
}

export class CreditNoteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['partial', 'full'] }) extent!: 'partial' | 'full';
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
}

export class PartyRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class MatterRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) number!: string | null;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
}

export class InvoiceTotalsView {
  @ApiProperty() feesMinor!: number;
  @ApiProperty() disbursementsMinor!: number;
  @ApiProperty({ description: 'Invoice-level discount on fees.' }) discountMinor!: number;
  @ApiProperty({
    description:
      "Tax of the lines (each half-up to the minor unit) and of the discount, set when issued from the client's or matter's tax setting; 0 on a draft.",
  })
  taxMinor!: number;
  @ApiProperty() totalMinor!: number;
  @ApiProperty({ description: 'Sum of credit notes.' }) creditedMinor!: number;
  @ApiProperty({ description: 'Total less credits.' }) balanceMinor!: number;
}

export class InvoiceDiscountView {
  @ApiProperty({ enum: ['percent', 'amount'] }) kind!: 'percent' | 'amount';
  @ApiProperty({ description: 'Basis points or minor units.' }) value!: number;
  @ApiProperty() reason!: string;
}

export class InvoiceView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: INVOICE_VIEW_STATUSES }) status!: InvoiceViewStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Given when issued.' }) number!: string | null;
  @ApiProperty({ type: PartyRef }) client!: PartyRef;
  @ApiProperty({ type: MatterRef, nullable: true, description: 'Null on a bill across a client’s matters.' })
  matter!: MatterRef | null;
  @ApiProperty({ type: [MatterRef] }) matters!: MatterRef[];
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: String }) periodStart!: string | null;
  @ApiProperty() periodEnd!: string;
  @ApiProperty({ type: InvoiceDiscountView, nullable: true }) discount!: InvoiceDiscountView | null;
  @ApiProperty({ type: InvoiceTotalsView }) totals!: InvoiceTotalsView;
  @ApiProperty({ type: [InvoiceLineView] }) lines!: InvoiceLineView[];
  @ApiProperty({ type: [CreditNoteView] }) creditNotes!: CreditNoteView[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) issuedAt!: string | null;
}

export class InvoiceSummaryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['draft', 'issued'] }) status!: 'draft' | 'issued';
  @ApiProperty({ nullable: true, type: String }) number!: string | null;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) matterId!: string | null;
  @ApiProperty() currency!: string;
  @ApiProperty() totalMinor!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) issuedAt!: string | null;
}

export class InvoicePage {
  @ApiProperty({ type: [InvoiceSummaryView] }) items!: InvoiceSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class BillingTermsView {
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: Number }) flatFeeMinor!: number | null;
  @ApiProperty({ nullable: true, type: Number }) settlementPercent!: number | null;
  @ApiProperty({ nullable: true, type: Number }) trialPercent!: number | null;
  @ApiProperty({ nullable: true, type: Number }) appealPercent!: number | null;
  @ApiProperty({ nullable: true, type: String, enum: ['before-fee', 'after-fee'] })
  expensesDeducted!: 'before-fee' | 'after-fee' | null;
  @ApiProperty({ nullable: true, type: Number }) vendorMarkupPercent!: number | null;
  @ApiProperty({ nullable: true, type: String }) vendorMarkupDisclosure!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Days from issue to due date; null = 30.' })
  paymentTermsDays!: number | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** An issued invoice as the LEDES export and the invoice documents read it. */
export interface IssuedInvoiceLine {
  lineId: string;
  position: number;
  kind: LineKind;
  matterId: string;
  matterNumber: string | null;
  matterTitle: string | null;
  timeEntryId: string | null;
  expenseId: string | null;
  date: string | null;
  timekeeperId: string | null;
  timekeeperName: string | null;
  classification: string | null;
  ledesClassification: string | null;
  taskCode: string | null;
  activityCode: string | null;
  expenseCode: string | null;
  narrative: string;
  minutes: number | null;
  billedTenths: number | null;
  rateMinor: number | null;
  standardMinor: number;
  adjustmentMinor: number;
  amountMinor: number;
  outsourced: boolean;
  tax: IssuedLineTax | null;
}

export interface IssuedLineTax {
  taxRateId: string;
  type: string;
  rateBasisPoints: number;
  amountMinor: number;
  registrationNumber: string | null;
}

export interface IssuedInvoice {
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
  feesMinor: number;
  disbursementsMinor: number;
  discountMinor: number;
  taxMinor: number;
  /** The (negative) tax taken off with the invoice discount, at the fee lines' one tax; null when none. */
  discountTax: IssuedLineTax | null;
  /** Tax-inclusive. */
  totalMinor: number;
  creditedMinor: number;
  lines: IssuedInvoiceLine[];
}

/** An issued invoice as payments see it: what was billed and what credit notes took off. */
export interface IssuedBalance {
  invoiceId: string;
  number: string;
  clientId: string;
  currency: string;
  totalMinor: number;
  creditedMinor: number;
  issuedAt: Date;
  /** Null on an invoice issued before due dates were kept (aging reads issue date + 30). */
  dueDate: string | null;
  /** Null on a bill to a client across matters. */
  matterId: string | null;
}
