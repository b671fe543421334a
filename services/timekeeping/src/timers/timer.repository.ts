import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import type { TimerState, TimerTiming } from './timer.timing';

export interface Timer extends TimerTiming {
  id: string;
  firmId: string;
  timekeeperId: string;
  matterId: string;
  narrative: string | null;
  taskCode: string | null;
  activityCode: string | null;
  billable: boolean;
  startedAt: Date;
  stoppedAt: Date | null;
  /** The draft entry a stopped timer became. */
  timeEntryId: string | null;
  createdAt: Date;
}

/** The partial unique index: at most one running timer per (firm, timekeeper). */
export const TIMERS_ONE_RUNNING = 'timers_one_running';

const COLUMNS = `id, firm_id AS "firmId", timekeeper_id AS "timekeeperId", matter_id AS "matterId", narrative,
  task_code AS "taskCode", activity_code AS "activityCode", billable, state, started_at AS "startedAt",
  running_since AS "runningSince", accumulated_seconds AS "accumulatedSeconds", stopped_at AS "stoppedAt",
  time_entry_id AS "timeEntryId", created_at AS "createdAt"`;

@Injectable()
export class TimerRepository {
  /** Fails with a unique violation on TIMERS_ONE_RUNNING when the timekeeper already runs one. */
  async insert(manager: EntityManager, timer: Omit<Timer, 'createdAt'>): Promise<Timer> {
    const rows: Timer[] = await manager.query(
      `INSERT INTO timers (id, firm_id, timekeeper_id, matter_id, narrative, task_code, activity_code, billable, state,
                           started_at, running_since, accumulated_seconds, stopped_at, time_entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${COLUMNS}`,
      [
        timer.id,
        timer.firmId,
        timer.timekeeperId,
        timer.matterId,
        timer.narrative,
        timer.taskCode,
        timer.activityCode,
        timer.billable,
        timer.state,
        timer.startedAt,
        timer.runningSince,
        timer.accumulatedSeconds,
        timer.stoppedAt,
        timer.timeEntryId,
      ],
    );
    return rows[0] as Timer;
  }

  /** One of the owner's timers; `lock` holds it for a state change so two changes apply in turn. */
  async findOwn(manager: EntityManager, id: string, ownerIds: string[], lock = false): Promise<Timer | null> {
    const rows: Timer[] = await manager.query(
      `SELECT ${COLUMNS} FROM timers WHERE id = $1 AND timekeeper_id = ANY($2::text[])${lock ? ' FOR UPDATE' : ''}`,
      [id, ownerIds],
    );
    return rows[0] ?? null;
  }

  async findRunning(manager: EntityManager, timekeeperId: string): Promise<Timer | null> {
    const rows: Timer[] = await manager.query(
      `SELECT ${COLUMNS} FROM timers WHERE timekeeper_id = $1 AND state = 'running'`,
      [timekeeperId],
    );
    return rows[0] ?? null;
  }

  /** Newest first; `limit + 1` rows so the caller can tell whether there is another page. */
  list(
    manager: EntityManager,
    ownerIds: string[],
    limit: number,
    filters: { state?: TimerState },
    after?: CursorPosition,
  ): Promise<Timer[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM timers
        WHERE timekeeper_id = ANY($1::text[]) AND ($2::text IS NULL OR state = $2)
          AND ($3::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) < ($3::timestamptz, $4::uuid))
        ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT $5`,
      [ownerIds, filters.state ?? null, after?.sortKey ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** Writes a state change; fails with a unique violation on TIMERS_ONE_RUNNING as `insert` does. */
  async save(manager: EntityManager, timer: Timer): Promise<Timer> {
    // For UPDATE, TypeORM's postgres driver answers [rows, affectedCount].
    const [rows]: [Timer[], number] = await manager.query(
      `UPDATE timers SET state = $2, running_since = $3, accumulated_seconds = $4, stopped_at = $5, time_entry_id = $6, narrative = $7
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        timer.id,
        timer.state,
        timer.runningSince,
        timer.accumulatedSeconds,
        timer.stoppedAt,
        timer.timeEntryId,
        timer.narrative,
      ],
    );
    return rows[0] as Timer;
  }
}
