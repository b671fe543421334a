import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The firm's default payment terms: days from issue to due date for a matter whose terms name none. */
@Entity({ name: 'firm_billing_terms' })
@Check('firm_billing_terms_days', `"payment_terms_days" BETWEEN 0 AND 365`)
export class FirmBillingTerms {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'payment_terms_days', type: 'int' })
  paymentTermsDays!: number;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
