import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The cross-firm scope in which the background sweep may read (only read) every firm's schedule. */
export const REMINDER_SWEEP_SCOPE = 'billing.reminder-sweep';

/** A firm's payment-reminder schedule: days relative to an invoice's due date (-7 = a week before). */
@Entity({ name: 'reminder_schedules' })
export class ReminderSchedule {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @Column({ name: 'offsets_days', type: 'int', array: true })
  offsetsDays!: number[];

  /** How to pay, for the reminder template (bank details, payment link). */
  @Column({ name: 'payment_instructions', type: 'text', nullable: true })
  paymentInstructions!: string | null;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One reminder step sent for one invoice; the key makes each step go out once. Insert-only. */
@Entity({ name: 'invoice_reminders' })
export class InvoiceReminder {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @PrimaryColumn({ name: 'offset_days', type: 'int' })
  offsetDays!: number;

  /** Due date + offset: the day the step came due. */
  @Column({ name: 'reminder_date', type: 'date' })
  reminderDate!: string;

  /** The day the sweep that sent it ran as of. */
  @Column({ name: 'swept_as_of', type: 'date' })
  sweptAsOf!: string;

  @Column({ name: 'open_minor', type: 'bigint' })
  openMinor!: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;
}
