import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_KINDS, type PaymentKind } from '../payment.entity';
import { PAYMENT_STATUSES, type PaymentStatus } from '../payment.rules';

export class AllocationView {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Null for a refund.' })
  invoiceId!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The payment whose money moved.' })
  paymentId!: string;
  @ApiProperty({ description: 'Negative when a reversal takes it back.' })
  amountMinor!: number;
}

export class PaymentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PAYMENT_KINDS }) kind!: PaymentKind;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '2026-11-20' }) entryDate!: string;
  @ApiProperty({ nullable: true, type: String }) method!: string | null;
  @ApiProperty({ nullable: true, type: String }) reference!: string | null;
  @ApiProperty({ nullable: true, type: String }) payer!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) reversesPaymentId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The reversal, if it bounced.' })
  reversedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: [AllocationView], description: 'What this entry moved.' })
  allocations!: AllocationView[];
  @ApiProperty({ description: "For a payment: what no invoice took (the client's credit from it)." })
  unallocatedMinor!: number;
  @ApiProperty() recordedAt!: string;
}

export class PaymentPage {
  @ApiProperty({ type: [PaymentView] }) items!: PaymentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ClientCreditView {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() availableMinor!: number;
}

export class InvoicePaymentView {
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ enum: PAYMENT_KINDS }) kind!: PaymentKind;
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty() amountMinor!: number;
  @ApiProperty() entryDate!: string;
}

export class InvoiceAccountView {
  @ApiProperty({ format: 'uuid' }) invoiceId!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: PaymentStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-12-27',
    description: 'Issue date + payment terms; null on invoices issued before due dates were kept.',
  })
  dueDate!: string | null;
  @ApiProperty() totalMinor!: number;
  @ApiProperty() creditedMinor!: number;
  @ApiProperty({ description: 'Money received on it (net of reversals and credit released).' })
  paidMinor!: number;
  @ApiProperty({ description: 'What write-offs took off it as uncollectable (not money received).' })
  writtenOffMinor!: number;
  @ApiProperty({ description: 'Total - credited - paid - written off.' }) openMinor!: number;
  @ApiProperty({ type: [InvoicePaymentView] }) payments!: InvoicePaymentView[];
}
