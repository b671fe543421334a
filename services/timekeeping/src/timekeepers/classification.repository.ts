import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TimekeeperClassification } from '@lawfirm/contracts';

/** A classification a firm registered beside the six LEDES codes. */
export interface FirmClassification {
  firmId: string;
  code: string;
  label: string;
  description: string | null;
  ledesCode: TimekeeperClassification;
  active: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CLASSIFICATIONS_PKEY = 'timekeeper_classifications_pkey';

const COLUMNS = `firm_id AS "firmId", code, label, description, ledes_code AS "ledesCode", active,
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class ClassificationRepository {
  async insert(
    manager: EntityManager,
    row: Pick<FirmClassification, 'firmId' | 'code' | 'label' | 'description' | 'ledesCode' | 'createdBy'>,
  ): Promise<FirmClassification> {
    const rows: FirmClassification[] = await manager.query(
      `INSERT INTO timekeeper_classifications (firm_id, code, label, description, ledes_code, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [row.firmId, row.code, row.label, row.description, row.ledesCode, row.createdBy],
    );
    return rows[0] as FirmClassification;
  }

  async find(manager: EntityManager, code: string, lock = false): Promise<FirmClassification | null> {
    const rows: FirmClassification[] = await manager.query(
      `SELECT ${COLUMNS} FROM timekeeper_classifications WHERE code = $1${lock ? ' FOR UPDATE' : ''}`,
      [code],
    );
    return rows[0] ?? null;
  }

  list(manager: EntityManager, active?: boolean): Promise<FirmClassification[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM timekeeper_classifications
        WHERE ($1::boolean IS NULL OR active = $1) ORDER BY code`,
      [active ?? null],
    );
  }

  async update(manager: EntityManager, row: FirmClassification): Promise<FirmClassification> {
    const [rows]: [FirmClassification[], number] = await manager.query(
      `UPDATE timekeeper_classifications SET label = $2, description = $3, active = $4, updated_at = now()
        WHERE code = $1 RETURNING ${COLUMNS}`,
      [row.code, row.label, row.description, row.active],
    );
    return rows[0] as FirmClassification;
  }
}
