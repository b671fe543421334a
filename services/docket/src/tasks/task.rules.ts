import type { TaskStatus } from './task.entity';

/** Which status may follow which: done and cancelled are final. */
const NEXT: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['in-progress', 'done', 'cancelled'],
  'in-progress': ['open', 'done', 'cancelled'],
  done: [],
  cancelled: [],
};

export function mayMove(from: TaskStatus, to: TaskStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** A day `days` before `date` (YYYY-MM-DD), calendar days. */
export function daysBefore(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! - days)).toISOString().slice(0, 10);
}
