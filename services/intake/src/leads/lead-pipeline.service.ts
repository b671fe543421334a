import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import type {
  LeadStagesView,
  LeadStageDto,
  RoutingRulesView,
  RoutingRuleView,
} from './dto/lead-pipeline.dto';
import { StageInUseError } from './lead.exception';
import type { LeadRoutingRule } from './lead.model';
import { LeadPipelineRepository } from './lead-pipeline.repository';
import { LeadRepository } from './lead.repository';
import {
  blockedStageChange,
  DEFAULT_STAGES,
  Pipeline,
  pipelineProblems,
  type LeadStage,
} from './lead-stage.rules';

/**
 * A firm's lead pipeline configuration: its stages and its routing rules.
 *
 * A firm that never stored stages works with DEFAULT_STAGES. Reading never writes; the defaults are
 * stored in the transaction that creates the firm's first lead, so every lead sits in a stage that is
 * on record for its firm and a later change to the code's defaults cannot strand it.
 */
@Injectable()
export class LeadPipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipelines: LeadPipelineRepository,
    private readonly leads: LeadRepository,
  ) {}

  async stages(actor: Actor): Promise<LeadStagesView> {
    const pipeline = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.currentPipeline(manager),
    );
    return toStagesView(pipeline.stages);
  }

  /** Replaces the whole pipeline; refused if it would strand a lead (see blockedStageChange). */
  async replaceStages(actor: Actor, input: LeadStageDto[]): Promise<LeadStagesView> {
    const next: LeadStage[] = input.map((stage) => ({
      key: stage.key,
      label: stage.label,
      outcome: stage.outcome ?? null,
    }));
    const problems = pipelineProblems(next);
    if (problems.length) throw new ValidationFailedError(problems, 'The pipeline is not valid.');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.pipelines.lockStages(manager, actor.firmId, 'exclusive');
      const current = await this.currentPipeline(manager);
      const blocked = blockedStageChange(current.stages, next, await this.leads.countByStage(manager));
      if (blocked) throw new StageInUseError(blocked.stage, blocked.leadCount, blocked.change);
      await this.pipelines.replaceStages(manager, actor.firmId, next);
      await this.audit(manager, actor, 'lead_stages.replaced', 'lead_stages', actor.firmId, {
        before: current.stages.map((stage) => stage.key),
        after: next.map((stage) => stage.key),
      });
      return toStagesView(next);
    });
  }

  /**
   * The pipeline a write relies on, inside the caller's transaction: takes the firm's stage lock
   * shared (so the stages cannot be replaced before the transaction ends) and, with `store`, writes
   * the defaults for a firm that has none yet.
   */
  async pipelineForWrite(
    manager: EntityManager,
    firmId: string,
    options: { store: boolean },
  ): Promise<Pipeline> {
    await this.pipelines.lockStages(manager, firmId, 'shared');
    const pipeline = await this.currentPipeline(manager);
    if (options.store) await this.pipelines.storeStagesIfAbsent(manager, firmId, pipeline.stages);
    return pipeline;
  }

  /** The attorney a routing rule assigns to new leads of this practice area, if any. */
  async routedAttorney(manager: EntityManager, practiceArea: string): Promise<string | null> {
    return (await this.pipelines.routingRuleFor(manager, practiceArea))?.responsibleAttorneyId ?? null;
  }

  async routingRules(actor: Actor): Promise<RoutingRulesView> {
    const rules = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.pipelines.routingRules(manager),
    );
    return { rules: rules.map(toRoutingRuleView) };
  }

  async setRoutingRule(
    actor: Actor,
    practiceArea: string,
    responsibleAttorneyId: string,
  ): Promise<RoutingRuleView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rule = await this.pipelines.upsertRoutingRule(
        manager,
        actor.firmId,
        practiceArea,
        responsibleAttorneyId,
      );
      await this.audit(manager, actor, 'lead_routing_rule.set', 'lead_routing_rule', rule.id, {
        practiceArea,
        responsibleAttorneyId,
      });
      return toRoutingRuleView(rule);
    });
  }

  async deleteRoutingRule(actor: Actor, practiceArea: string): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rule = await this.pipelines.deleteRoutingRule(manager, practiceArea);
      if (!rule) throw new NotFoundError('lead_routing_rule', practiceArea);
      await this.audit(manager, actor, 'lead_routing_rule.deleted', 'lead_routing_rule', rule.id, {
        practiceArea,
        responsibleAttorneyId: rule.responsibleAttorneyId,
      });
    });
  }

  private async currentPipeline(manager: EntityManager): Promise<Pipeline> {
    const stored = await this.pipelines.stages(manager);
    return new Pipeline(stored.length ? stored : DEFAULT_STAGES);
  }

  private audit(
    manager: EntityManager,
    actor: Actor,
    action: string,
    resourceType: string,
    resourceId: string,
    details: AuditDetails,
  ): Promise<void> {
    return recordChange(manager, actor, { action, resourceType, resourceId, details });
  }
}

function toStagesView(stages: readonly LeadStage[]): LeadStagesView {
  return { stages: stages.map((stage) => ({ key: stage.key, label: stage.label, outcome: stage.outcome })) };
}

function toRoutingRuleView(rule: LeadRoutingRule): RoutingRuleView {
  return {
    practiceArea: rule.practiceArea,
    responsibleAttorneyId: rule.responsibleAttorneyId,
    createdAt: rule.createdAt.toISOString(),
  };
}
