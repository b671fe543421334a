import { ArrayMaxSize, IsArray, IsISO8601, IsString, IsUUID } from 'class-validator';

/** Published by billing when an invoice is issued: its time entries and expenses are now billed. */
export class InvoiceIssuedV1 {
  static readonly type = 'billing.invoice.issued';
  @IsUUID() invoiceId!: string;
  @IsString() invoiceNumber!: string;
  @IsUUID() matterId!: string;
  @IsArray() @ArrayMaxSize(100000) @IsUUID('all', { each: true }) timeEntryIds!: string[];
  @IsArray() @ArrayMaxSize(100000) @IsUUID('all', { each: true }) expenseIds!: string[];
  @IsISO8601() issuedAt!: string;
}
