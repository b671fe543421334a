import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a subscriber needs of a deadline, on every deadline event. */
export class DeadlineSnapshotV1 {
  @IsUUID() deadlineId!: string;
  @IsUUID() matterId!: string;
  @IsUUID() triggerId!: string;
  @IsString() ruleSetId!: string;
  @IsInt() ruleSetVersion!: number;
  @IsString() ruleCode!: string;
  @IsString() @MaxLength(500) name!: string;
  @IsString() @MaxLength(500) citation!: string;
  /** What the rules give. */
  @Matches(DATE) computedDate!: string;
  /** The date in force: the computed one unless a lawyer set it by hand. */
  @Matches(DATE) dueDate!: string;
  @IsOptional() @Matches(/^\d{2}:\d{2}$/) dueTime?: string;
  @IsIn(['open', 'done']) status!: string;
  @IsBoolean() overridden!: boolean;
  @IsBoolean() needsReview!: boolean;
}

/** Why a deadline changed. */
export const DEADLINE_CHANGE_REASONS = ['recalculated', 'overridden', 'completed', 'reviewed'] as const;

/** A trigger started a new deadline. */
export class DeadlineAddedV1 extends DeadlineSnapshotV1 {
  static readonly type = 'docket.deadline.added';
}

/**
 * A deadline changed: moved by a recalculation, set by hand, completed, or flagged for review
 * (a recalculation never moves a completed or hand-set deadline; it sets `needsReview` instead).
 */
export class DeadlineChangedV1 {
  static readonly type = 'docket.deadline.changed';
  @IsIn(DEADLINE_CHANGE_REASONS) reason!: string;
  @IsObject() @ValidateNested() @Type(() => DeadlineSnapshotV1) before!: DeadlineSnapshotV1;
  @IsObject() @ValidateNested() @Type(() => DeadlineSnapshotV1) after!: DeadlineSnapshotV1;
}

/** A deadline no longer applies: its trigger was removed, or changed so that its rule no longer runs. */
export class DeadlineRemovedV1 {
  static readonly type = 'docket.deadline.removed';
  @IsIn(['trigger-removed', 'recalculated']) reason!: string;
  @IsObject() @ValidateNested() @Type(() => DeadlineSnapshotV1) before!: DeadlineSnapshotV1;
}

/** What a subscriber needs of a court event, on every court-event event. */
export class CourtEventSnapshotV1 {
  @IsUUID() courtEventId!: string;
  @IsUUID() matterId!: string;
  @IsIn(['hearing', 'deposition', 'trial', 'conference', 'mediation']) kind!: string;
  @IsString() @MaxLength(500) title!: string;
  @IsISO8601() startsAt!: string;
  @IsISO8601() endsAt!: string;
  @IsString() @MaxLength(64) timeZone!: string;
  @IsIn(['scheduled', 'continued', 'vacated']) status!: string;
  @IsInt() sequence!: number;
}

/** A court event was put on the calendar. */
export class CourtEventScheduledV1 extends CourtEventSnapshotV1 {
  static readonly type = 'docket.court-event.scheduled';
}

export const COURT_EVENT_CHANGE_REASONS = ['updated', 'rescheduled', 'continued', 'vacated'] as const;

/** A court event changed: its details, its time (rescheduled), continued, or vacated. */
export class CourtEventChangedV1 {
  static readonly type = 'docket.court-event.changed';
  @IsIn(COURT_EVENT_CHANGE_REASONS) reason!: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsObject() @ValidateNested() @Type(() => CourtEventSnapshotV1) before!: CourtEventSnapshotV1;
  @IsObject() @ValidateNested() @Type(() => CourtEventSnapshotV1) after!: CourtEventSnapshotV1;
}

/**
 * A reminder step came due (e.g. 7 days before a deadline, 2 hours before a hearing): published
 * once per item, lead time and date of the item, even with two sweepers running.
 */
export class ReminderDueV1 {
  static readonly type = 'docket.reminder.due';
  @IsUUID() reminderId!: string;
  @IsIn(['deadline', 'court-event']) itemKind!: string;
  @IsUUID() itemId!: string;
  @IsUUID() matterId!: string;
  @IsString() @MaxLength(500) title!: string;
  @IsInt() leadMinutes!: number;
  /** When the item is: the hearing's start, or the start of the deadline's day in the firm's zone. */
  @IsISO8601() itemAt!: string;
  @IsISO8601() dueAt!: string;
}

/** What a vendor work order is as an event carries it (`docket.work-order.v1`, key = work order id). */
export class WorkOrderSnapshotV1 {
  @IsUUID() workOrderId!: string;
  @IsUUID() matterId!: string;
  @IsUUID() vendorId!: string;
  @IsString() @MaxLength(50) workType!: string;
  @IsString() @MaxLength(30) status!: string;
  @IsOptional() @IsISO8601() dueAt?: string | null;
}

/** A work order was assigned to a vendor or moved along its QC cycle (accepted, submitted, returned...). */
export class WorkOrderTransitionedV1 extends WorkOrderSnapshotV1 {
  static readonly type = 'docket.work-order.transitioned';
  @IsString() @MaxLength(30) action!: string;
  @IsOptional() @IsString() @MaxLength(30) previousStatus?: string | null;
  @IsOptional() @IsArray() @IsString({ each: true }) reasons?: string[];
}

/** An accepted work order passed its due time without being submitted; published once per order. */
export class WorkOrderSlaBreachedV1 extends WorkOrderSnapshotV1 {
  static readonly type = 'docket.work-order.sla-breached';
  @IsISO8601() detectedAt!: string;
}

/** The client's outsourcing consent covering an open work order was revoked: vendor steps are refused. */
export class WorkOrderSuspendedV1 extends WorkOrderSnapshotV1 {
  static readonly type = 'docket.work-order.suspended';
  @IsUUID() consentId!: string;
}

/**
 * What a task is as an event carries it (`docket.task.v1`, key = task id). `dueDate` is the date in force
 * when the event was recorded: the task's own, or its deadline's date less `daysBefore`; a task that
 * follows a deadline moves with it without an event of its own (follow `docket.deadline.changed`).
 */
export class TaskSnapshotV1 {
  @IsUUID() taskId!: string;
  @IsUUID() matterId!: string;
  @IsString() @MaxLength(300) title!: string;
  @IsOptional() @IsString() @MaxLength(200) assigneeId?: string | null;
  @IsIn(['low', 'normal', 'high', 'urgent']) priority!: string;
  @IsIn(['open', 'in-progress', 'done', 'cancelled']) status!: string;
  @IsOptional() @Matches(DATE) dueDate?: string | null;
  @IsOptional() @IsUUID() deadlineId?: string | null;
  @IsInt() daysBefore!: number;
}

/** A task was created on a matter. */
export class TaskCreatedV1 extends TaskSnapshotV1 {
  static readonly type = 'docket.task.created';
}

/** A task's title, assignee, priority or status changed (a request that changes nothing publishes nothing). */
export class TaskChangedV1 {
  static readonly type = 'docket.task.changed';
  @IsObject() @ValidateNested() @Type(() => TaskSnapshotV1) before!: TaskSnapshotV1;
  @IsObject() @ValidateNested() @Type(() => TaskSnapshotV1) after!: TaskSnapshotV1;
}
