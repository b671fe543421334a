import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

/** The LEDES 1998B timekeeper classifications, built into every firm. */
export const TIMEKEEPER_CLASSIFICATIONS = ['PT', 'AS', 'OC', 'PL', 'LA', 'OT'] as const;
export type TimekeeperClassification = (typeof TIMEKEEPER_CLASSIFICATIONS)[number];
export const TIMEKEEPER_CLASSIFICATION_LABELS: Readonly<Record<TimekeeperClassification, string>> = {
  PT: 'Partner',
  AS: 'Associate',
  OC: 'Of Counsel',
  PL: 'Paralegal',
  LA: 'Legal Assistant',
  OT: 'Other Timekeeper',
};
/**
 * A classification code a firm registers beside the built-in ones (e.g. a LEDES Oversight
 * Committee revised code or a client's own): a capital letter, then 1–5 capitals or digits.
 */
export const CLASSIFICATION_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,5}$/;
export const isClassification = (value: unknown): value is TimekeeperClassification =>
  typeof value === 'string' && (TIMEKEEPER_CLASSIFICATIONS as readonly string[]).includes(value);

/** What billing needs of a time entry, on every time-entry event. */
export class TimeEntrySnapshotV1 {
  @IsUUID() timeEntryId!: string;
  @IsUUID() matterId!: string;
  @IsString() timekeeperId!: string;
  /** The timekeeper's classification when the entry was made: a LEDES code or one the firm registered. */
  @IsOptional() @IsString() classification?: string;
  /** The LEDES 1998B code (PT, AS, OC, PL, LA, OT) that classification reports as. */
  @IsOptional() @IsIn(TIMEKEEPER_CLASSIFICATIONS) ledesClassification?: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) workDate!: string;
  /** Raw minutes; negative only on a reversal. */
  @IsInt() minutes!: number;
  @IsInt() billedTenths!: number;
  @IsString() @MaxLength(4000) narrative!: string;
  @IsBoolean() billable!: boolean;
  @IsOptional() @IsString() taskCode?: string;
  @IsOptional() @IsString() activityCode?: string;
  @IsOptional() @IsBoolean() outsourced?: boolean;
  /** The vendor organisation of an outsourced timekeeper (added for billing's outsourced-work rule). */
  @IsOptional() @IsUUID() vendorId?: string;
  /** The timekeeper's display name when the entry was made (added for invoice lines). */
  @IsOptional() @IsString() @MaxLength(300) timekeeperName?: string;
}

export class TimeEntrySubmittedV1 extends TimeEntrySnapshotV1 {
  static readonly type = 'timekeeping.time-entry.submitted';
}

export class TimeEntryApprovedV1 extends TimeEntrySnapshotV1 {
  static readonly type = 'timekeeping.time-entry.approved';
  @IsISO8601() approvedAt!: string;
  @IsString() approvedBy!: string;
}

export class TimeEntryRejectedV1 extends TimeEntrySnapshotV1 {
  static readonly type = 'timekeeping.time-entry.rejected';
  @IsString() reason!: string;
  @IsString() rejectedBy!: string;
}

/** A correction: `reversedEntryId` is voided and this entry carries its negative. */
export class TimeEntryReversedV1 extends TimeEntrySnapshotV1 {
  static readonly type = 'timekeeping.time-entry.reversed';
  @IsUUID() reversedEntryId!: string;
  @IsOptional() @IsString() reason?: string;
}

/** What billing needs of an expense, on every expense event. Money is integer minor units plus its currency. */
export class ExpenseSnapshotV1 {
  @IsUUID() expenseId!: string;
  @IsUUID() matterId!: string;
  @IsString() timekeeperId!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) expenseDate!: string;
  @Matches(/^E\d{3}$/) expenseCode!: string;
  @IsString() @MaxLength(4000) description!: string;
  @IsInt() amountMinor!: number;
  // Shape only, unlike the API's IsCurrencyCode: an event records what was accepted when it happened,
  // and a currency later withdrawn from circulation must not make old events unreadable.
  @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsBoolean() billable!: boolean;
  @IsBoolean() outsourced!: boolean;
  @IsOptional() @IsUUID() vendorId?: string;
  @IsOptional() @IsString() receiptDocumentRef?: string;
}

export class ExpenseApprovedV1 extends ExpenseSnapshotV1 {
  static readonly type = 'timekeeping.expense.approved';
  @IsISO8601() approvedAt!: string;
  @IsString() approvedBy!: string;
}

/**
 * A correction: `reversedExpenseId` is voided and this new, already approved expense carries
 * its negative amount, so billing nets the two to zero.
 */
export class ExpenseReversedV1 extends ExpenseSnapshotV1 {
  static readonly type = 'timekeeping.expense.reversed';
  @IsUUID() reversedExpenseId!: string;
  @IsOptional() @IsString() reason?: string;
  @IsISO8601() approvedAt!: string;
  @IsString() approvedBy!: string;
}
