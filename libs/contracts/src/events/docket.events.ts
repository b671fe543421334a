import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
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
