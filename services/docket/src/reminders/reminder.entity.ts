import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The cross-firm scope in which the sweep may read (only read) every firm's reminders. */
export const REMINDER_SWEEP_SCOPE = 'docket-reminder-sweep';

export const REMINDER_ITEM_KINDS = ['deadline', 'court-event'] as const;
export type ReminderItemKind = (typeof REMINDER_ITEM_KINDS)[number];

export const REMINDER_STATUSES = ['pending', 'sent', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** A firm's lead times for one kind of item; without a row the defaults apply. */
@Entity({ name: 'reminder_rules' })
@Check('reminder_rules_item_kind_check', `item_kind IN ('deadline', 'court-event')`)
export class ReminderRule {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ name: 'item_kind', type: 'text' })
  itemKind!: ReminderItemKind;

  /** Minutes before the item, e.g. 43200, 10080, 1440 for 30, 7 and 1 days. */
  @Column({ name: 'lead_minutes', type: 'integer', array: true })
  leadMinutes!: number[];

  /** The zone whose midnight starts an all-day deadline (court events carry their own zone). */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/**
 * One reminder step of one item for the item's date (`itemAt`): sent once, when `dueAt` has come.
 * A rescheduled item cancels its pending steps and plans new ones for the new date.
 */
@Entity({ name: 'reminders' })
@Index('reminders_step', ['firmId', 'itemKind', 'itemId', 'leadMinutes', 'itemAt'], { unique: true })
@Index('reminders_status_due', ['status', 'dueAt'])
@Index('reminders_item', ['firmId', 'itemId'])
@Check('reminders_item_kind_check', `item_kind IN ('deadline', 'court-event')`)
@Check('reminders_status_check', `status IN ('pending', 'sent', 'cancelled')`)
export class Reminder {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'item_kind', type: 'text' })
  itemKind!: ReminderItemKind;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'lead_minutes', type: 'integer' })
  leadMinutes!: number;

  @Column({ name: 'item_at', type: 'timestamptz' })
  itemAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: ReminderStatus;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
