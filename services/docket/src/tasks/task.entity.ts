import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * A task on a matter. Its due date is its own (`dueDate`) or a deadline's date in force less
 * `daysBefore` (`deadlineId`), read when the task is read, so it moves with the deadline.
 */
@Entity({ name: 'tasks' })
@Index('tasks_matter', ['firmId', 'matterId', 'id'])
@Index('tasks_assignee', ['firmId', 'assigneeId', 'id'])
@Check('tasks_priority_check', `priority IN ('low', 'normal', 'high', 'urgent')`)
@Check('tasks_status_check', `status IN ('open', 'in-progress', 'done', 'cancelled')`)
@Check('tasks_due_check', `due_date IS NULL OR deadline_id IS NULL`)
export class Task {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'matter_id', type: 'uuid' })
  matterId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'deadline_id', type: 'uuid', nullable: true })
  deadlineId!: string | null;

  @Column({ name: 'days_before', type: 'integer', default: 0 })
  daysBefore!: number;

  @Column({ type: 'text' })
  priority!: TaskPriority;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
