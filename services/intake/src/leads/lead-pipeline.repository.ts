import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import { LeadRoutingRuleRow, LeadStageRow } from './lead.entity';
import type { LeadStage } from './lead-stage.rules';
import type { LeadRoutingRule } from './lead.model';

/** A firm's pipeline configuration: `lead_stages` and `lead_routing_rules`. Every call runs inside the caller's withTenant transaction. */
@Injectable()
export class LeadPipelineRepository {
  /**
   * Serialises pipeline changes against the writes that rely on the pipeline: replacing the stages
   * takes the firm's lock exclusively, placing or moving a lead takes it shared. So no lead lands in a
   * stage while that stage is being removed. Held until the transaction ends.
   */
  async lockStages(manager: EntityManager, firmId: string, mode: 'shared' | 'exclusive'): Promise<void> {
    const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query(`SELECT ${lock}(hashtext('intake.lead_stages'), hashtext($1))`, [firmId]);
  }

  /** The firm's stored stages in order; none if it never stored any. */
  async stages(manager: EntityManager): Promise<LeadStage[]> {
    const rows = await manager.find(LeadStageRow, { order: { position: 'ASC', key: 'ASC' } });
    return rows.map((row) => ({ key: row.key, label: row.label, outcome: row.outcome }));
  }

  async replaceStages(manager: EntityManager, firmId: string, stages: readonly LeadStage[]): Promise<void> {
    await manager.delete(LeadStageRow, { firmId });
    await this.insertStages(manager, firmId, stages, false);
  }

  /** Stores the stages unless the firm already has them (two first leads at once both try). */
  async storeStagesIfAbsent(
    manager: EntityManager,
    firmId: string,
    stages: readonly LeadStage[],
  ): Promise<void> {
    await this.insertStages(manager, firmId, stages, true);
  }

  routingRules(manager: EntityManager): Promise<LeadRoutingRule[]> {
    return manager.find(LeadRoutingRuleRow, { order: { practiceArea: 'ASC' } });
  }

  routingRuleFor(manager: EntityManager, practiceArea: string): Promise<LeadRoutingRule | null> {
    return manager.findOne(LeadRoutingRuleRow, { where: { practiceArea } });
  }

  /** Creates the rule, or points the existing one (same id, same creation time) at another attorney. */
  async upsertRoutingRule(
    manager: EntityManager,
    firmId: string,
    practiceArea: string,
    responsibleAttorneyId: string,
  ): Promise<LeadRoutingRule> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(LeadRoutingRuleRow)
      .values({ id: uuidv7(), firmId, practiceArea, responsibleAttorneyId })
      .orUpdate(['responsible_attorney_id'], ['firm_id', 'practice_area'])
      .updateEntity(false)
      .execute();
    return manager.findOneOrFail(LeadRoutingRuleRow, { where: { practiceArea } });
  }

  /** Answers the deleted rule, or null if there was none. */
  async deleteRoutingRule(manager: EntityManager, practiceArea: string): Promise<LeadRoutingRule | null> {
    const rule = await manager.findOne(LeadRoutingRuleRow, {
      where: { practiceArea },
      lock: { mode: 'pessimistic_write' },
    });
    if (rule) await manager.delete(LeadRoutingRuleRow, { id: rule.id });
    return rule;
  }

  private async insertStages(
    manager: EntityManager,
    firmId: string,
    stages: readonly LeadStage[],
    ignoreExisting: boolean,
  ): Promise<void> {
    for (const [position, stage] of stages.entries()) {
      const insert = manager
        .createQueryBuilder()
        .insert()
        .into(LeadStageRow)
        .values({ firmId, key: stage.key, label: stage.label, position, outcome: stage.outcome });
      await (ignoreExisting ? insert.orIgnore() : insert).updateEntity(false).execute();
    }
  }
}
