import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
} from 'class-validator';

/** Published by billing when an invoice is issued: its time entries and expenses are now billed. */
export class InvoiceIssuedV1 {
  static readonly type = 'billing.invoice.issued';
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  /** The invoice's matter; on an invoice to a client across matters, the first of `matterIds`. */
  @IsUUID() matterId!: string;
  @IsArray() @ArrayMaxSize(100000) @IsUUID('all', { each: true }) timeEntryIds!: string[];
  @IsArray() @ArrayMaxSize(100000) @IsUUID('all', { each: true }) expenseIds!: string[];
  @IsISO8601() issuedAt!: string;
  // Added with the billing issue (additive, optional so older events stay valid).
  @IsOptional() @IsUUID() clientId?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(10000) @IsUUID('all', { each: true }) matterIds?: string[];
  @IsOptional() @IsInt() totalMinor?: number;
  @IsOptional() @Matches(/^[A-Z]{3}$/) currency?: string;
}

/** Published by billing when a credit note corrects an issued invoice; `full` voids it. */
export class CreditNoteIssuedV1 {
  static readonly type = 'billing.invoice.credited';
  @IsUUID() creditNoteId!: string;
  @IsString() creditNoteNumber!: string;
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() clientId!: string;
  @IsInt() amountMinor!: number;
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsIn(['partial', 'full']) extent!: 'partial' | 'full';
  @IsString() reason!: string;
  @IsISO8601() issuedAt!: string;
}
