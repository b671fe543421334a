import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LedesAddress } from './ledes-invoice';

/** How the firm presents itself on invoices (PDF letterhead, LEDES 1998BI law-firm fields). */
@Entity({ name: 'billing_letterheads' })
export class BillingLetterheadRecord {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  address!: LedesAddress;

  @Column({ name: 'tax_id', type: 'text', nullable: true })
  taxId!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  website!: string | null;

  @Column({ name: 'payment_instructions', type: 'jsonb' })
  paymentInstructions!: string[];

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
