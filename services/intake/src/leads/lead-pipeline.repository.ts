import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import type { LeadStage } from './lead-stage.rules';
import type { LeadRoutingRule } from './lead.model';

interface RuleRow {
  id: string;
  practice_area: string;
  responsible_attorney_id: string;
  created_at: Date;
}

const RULE_COLUMNS = 'id, practice_area, responsible_attorney_id, created_at';

/**
 * Raw SQL over a firm's pipeline configuration: `lead_stages` and `lead_routing_rules` (no
 * TypeORM entities). Every call runs inside the caller's withTenant transaction.
 */
@Injectable()
export class LeadPipelineRepository {
  /**
   * Serialises pipeline changes against the writes that rely on the pipeline: replacing the stages
   * takes the firm's lock exclusively, placing or moving a lead takes it shared. So no lead lands in a
   * stage while that stage is being removed. Held until the transaction ends.
   */
  async lockStages(manager: EntityManager, firmId: string, mode: 'shared' | 'exclusive'): Promise<void> {
    const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(`SELECT ${lock}(hashtext('intake.lead_stages'), hashtext($1))`, [firmId]);
  }

  /** The firm's stored stages in order; none if it never stored any. */
  stages(manager: EntityManager): Promise<LeadStage[]> {
    return manager.query(`SELECT key, label, outcome FROM lead_stages ORDER BY position, key`);
  }

  async replaceStages(manager: EntityManager, firmId: string, stages: readonly LeadStage[]): Promise<void> {
    await manager.query(`DELETE FROM lead_stages WHERE firm_id = $1`, [firmId]);
    await this.insertStages(manager, firmId, stages, '');
  }

  /** Stores the stages unless the firm already has them (two first leads at once both try). */
  async storeStagesIfAbsent(
    manager: EntityManager,
    firmId: string,
    stages: readonly LeadStage[],
  ): Promise<void> {
    await this.insertStages(manager, firmId, stages, 'ON CONFLICT (firm_id, key) DO NOTHING');
  }

  async routingRules(manager: EntityManager): Promise<LeadRoutingRule[]> {
    const rows: RuleRow[] = await manager.query(
      `SELECT ${RULE_COLUMNS} FROM lead_routing_rules ORDER BY practice_area`,
    );
    return rows.map(toRule);
  }

  async routingRuleFor(manager: EntityManager, practiceArea: string): Promise<LeadRoutingRule | null> {
    const rows: RuleRow[] = await manager.query(
      `SELECT ${RULE_COLUMNS} FROM lead_routing_rules WHERE practice_area = $1`,
      [practiceArea],
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  async upsertRoutingRule(
    manager: EntityManager,
    firmId: string,
    practiceArea: string,
    responsibleAttorneyId: string,
  ): Promise<LeadRoutingRule> {
    const rows: RuleRow[] = await manager.query(
      `INSERT INTO lead_routing_rules (id, firm_id, practice_area, responsible_attorney_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (firm_id, practice_area) DO UPDATE SET responsible_attorney_id = EXCLUDED.responsible_attorney_id
       RETURNING ${RULE_COLUMNS}`,
      [uuidv7(), firmId, practiceArea, responsibleAttorneyId],
    );
    const row = rows[0];
    if (!row) throw new Error('lead_routing_rules: the upsert returned no row');
    return toRule(row);
  }

  /** Answers the deleted rule, or null if there was none. */
  async deleteRoutingRule(manager: EntityManager, practiceArea: string): Promise<LeadRoutingRule | null> {
    // TypeORM answers a DELETE with [rows, affected count] rather than the rows alone.
    const [rows]: [RuleRow[], number] = await manager.query(
      `DELETE FROM lead_routing_rules WHERE practice_area = $1 RETURNING ${RULE_COLUMNS}`,
      [practiceArea],
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  private async insertStages(
    manager: EntityManager,
    firmId: string,
    stages: readonly LeadStage[],
    onConflict: string,
  ): Promise<void> {
    for (const [position, stage] of stages.entries()) {
      await manager.query(
        `INSERT INTO lead_stages (firm_id, key, label, position, outcome) VALUES ($1, $2, $3, $4, $5) ${onConflict}`,
        [firmId, stage.key, stage.label, position, stage.outcome],
      );
    }
  }
}

function toRule(row: RuleRow): LeadRoutingRule {
  return {
    id: row.id,
    practiceArea: row.practice_area,
    responsibleAttorneyId: row.responsible_attorney_id,
    createdAt: row.created_at,
  };
}
