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

  /** Inserts the codes the firm does not have yet; returns the codes inserted. */
  async insertMissing(
    manager: EntityManager,
    firmId: string,
    createdBy: string,
    rows: Array<Pick<FirmClassification, 'code' | 'label' | 'description' | 'ledesCode'>>,
  ): Promise<Set<string>> {
    const inserted: Array<{ code: string }> = await manager.query(
      `INSERT INTO timekeeper_classifications (firm_id, code, label, description, ledes_code, created_by)
       SELECT $1, r.code, r.label, r.description, r.ledes_code, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS r(code, label, description, ledes_code)
       ON CONFLICT (firm_id, code) DO NOTHING RETURNING code`,
      [
        firmId,
        createdBy,
        rows.map((row) => row.code),
        rows.map((row) => row.label),
        rows.map((row) => row.description),
        rows.map((row) => row.ledesCode),
      ],
    );
    return new Set(inserted.map((row) => row.code));
  }

  /** The firm's rows for these codes, locked until the transaction ends. */
  findManyForUpdate(manager: EntityManager, codes: string[]): Promise<FirmClassification[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM timekeeper_classifications WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE`,
      [codes],
    );
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
