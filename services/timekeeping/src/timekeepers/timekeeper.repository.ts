import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TimekeeperClassification } from '@lawfirm/contracts';
import type { CursorPosition } from '@lawfirm/platform';

export interface Timekeeper {
  id: string;
  firmId: string;
  /** The gateway user (actor subject) this profile belongs to, if any. */
  userId: string | null;
  /** Set for a vendor organisation's staff: their work is outsourced. */
  vendorId: string | null;
  name: string;
  /** A LEDES code or one the firm registered. */
  classification: string;
  /** The LEDES 1998B code the classification reports as. */
  ledesClassification: TimekeeperClassification;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const TIMEKEEPERS_USER_UNIQUE = 'timekeepers_firm_id_user_id_key';

const COLUMNS = `id, firm_id AS "firmId", user_id AS "userId", vendor_id AS "vendorId", name, classification,
  COALESCE(ledes_classification, classification) AS "ledesClassification", active, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class TimekeeperRepository {
  async insert(
    manager: EntityManager,
    keeper: Omit<Timekeeper, 'createdAt' | 'updatedAt'>,
  ): Promise<Timekeeper> {
    const rows: Timekeeper[] = await manager.query(
      `INSERT INTO timekeepers (id, firm_id, user_id, vendor_id, name, classification, ledes_classification, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        keeper.id,
        keeper.firmId,
        keeper.userId,
        keeper.vendorId,
        keeper.name,
        keeper.classification,
        keeper.ledesClassification,
        keeper.active,
      ],
    );
    return rows[0] as Timekeeper;
  }

  async findById(manager: EntityManager, id: string): Promise<Timekeeper | null> {
    const rows: Timekeeper[] = await manager.query(`SELECT ${COLUMNS} FROM timekeepers WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Locks the row so concurrent edits apply one after the other. */
  async findForUpdate(manager: EntityManager, id: string): Promise<Timekeeper | null> {
    const rows: Timekeeper[] = await manager.query(
      `SELECT ${COLUMNS} FROM timekeepers WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByUser(manager: EntityManager, userId: string): Promise<Timekeeper | null> {
    const rows: Timekeeper[] = await manager.query(`SELECT ${COLUMNS} FROM timekeepers WHERE user_id = $1`, [
      userId,
    ]);
    return rows[0] ?? null;
  }

  /** By name, then id; `limit + 1` rows so the caller can tell whether there is another page. */
  list(
    manager: EntityManager,
    limit: number,
    filters: { active?: boolean },
    after?: CursorPosition,
  ): Promise<Timekeeper[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM timekeepers
        WHERE ($1::boolean IS NULL OR active = $1)
          AND ($2::text IS NULL OR (name, id) > ($2::text, $3::uuid))
        ORDER BY name, id LIMIT $4`,
      [filters.active ?? null, after?.sortKey ?? null, after?.id ?? null, limit + 1],
    );
  }

  async update(manager: EntityManager, keeper: Timekeeper): Promise<Timekeeper> {
    // For UPDATE, TypeORM's postgres driver answers [rows, affectedCount].
    const [rows]: [Timekeeper[], number] = await manager.query(
      `UPDATE timekeepers SET name = $2, classification = $3, ledes_classification = $4, active = $5, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [keeper.id, keeper.name, keeper.classification, keeper.ledesClassification, keeper.active],
    );
    return rows[0] as Timekeeper;
  }
}
