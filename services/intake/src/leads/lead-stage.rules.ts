import { ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { LeadAlreadyConvertedError, LeadClosedError, UseConvertError } from './lead.exception';

export const STAGE_OUTCOMES = ['hired', 'not-hired'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

export interface LeadStage {
  key: string;
  label: string;
  outcome: StageOutcome | null;
}

/** Lower-case words joined by single hyphens: `consult-scheduled`. */
export const STAGE_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_STAGE_KEY_LENGTH = 50;
export const MAX_STAGES = 30;

/** The pipeline of a firm that has not configured its own. */
export const DEFAULT_STAGES: readonly LeadStage[] = Object.freeze([
  { key: 'new', label: 'New', outcome: null },
  { key: 'contacted', label: 'Contacted', outcome: null },
  { key: 'qualified', label: 'Qualified', outcome: null },
  { key: 'consult-scheduled', label: 'Consultation scheduled', outcome: null },
  { key: 'hired', label: 'Hired', outcome: 'hired' },
  { key: 'not-hired', label: 'Not hired', outcome: 'not-hired' },
]);

/**
 * What is wrong with a proposed pipeline as a whole (each stage's own shape is checked by the DTO):
 * keys are unique, new leads start at the first stage so it carries no outcome, and there is exactly
 * one hired and one not-hired stage.
 */
export function pipelineProblems(stages: readonly LeadStage[]): FieldError[] {
  const problems: FieldError[] = [];
  const firstIndex = new Map<string, number>();
  stages.forEach((stage, index) => {
    const earlier = firstIndex.get(stage.key);
    if (earlier === undefined) firstIndex.set(stage.key, index);
    else
      problems.push({
        field: `stages.${index}.key`,
        message: `key "${stage.key}" is already used by stages.${earlier}`,
      });
  });
  const first = stages[0];
  if (first?.outcome) {
    problems.push({
      field: 'stages.0.outcome',
      message: 'new leads start at the first stage, so it cannot be an outcome',
    });
  }
  for (const outcome of STAGE_OUTCOMES) {
    const count = stages.filter((stage) => stage.outcome === outcome).length;
    if (count !== 1) {
      problems.push({
        field: 'stages',
        message: `exactly one stage must have outcome ${outcome} (found ${count})`,
      });
    }
  }
  return problems;
}

export interface BlockedStageChange {
  stage: string;
  leadCount: number;
  change: 'removed' | 'outcome-changed';
}

/**
 * The first change of a replacement pipeline that would strand leads: a stage that leads sit in may
 * not disappear, nor change its outcome (that would put unconverted leads at "hired" or reopen
 * not-hired ones). Labels and order may change freely.
 */
export function blockedStageChange(
  current: readonly LeadStage[],
  next: readonly LeadStage[],
  leadsPerStage: ReadonlyMap<string, number>,
): BlockedStageChange | undefined {
  for (const [key, leadCount] of leadsPerStage) {
    if (leadCount <= 0) continue;
    const replacement = next.find((stage) => stage.key === key);
    if (!replacement) return { stage: key, leadCount, change: 'removed' };
    const before = current.find((stage) => stage.key === key)?.outcome ?? null;
    if (replacement.outcome !== before) return { stage: key, leadCount, change: 'outcome-changed' };
  }
  return undefined;
}

/** A firm's stages in order, with the lookups the lead rules need. */
export class Pipeline {
  constructor(readonly stages: readonly LeadStage[]) {}

  /** Where new leads start. */
  get first(): LeadStage {
    const first = this.stages[0];
    if (!first) throw new Error('lead pipeline has no stages');
    return first;
  }

  find(key: string): LeadStage | undefined {
    return this.stages.find((stage) => stage.key === key);
  }

  withOutcome(outcome: StageOutcome): LeadStage {
    const stage = this.stages.find((candidate) => candidate.outcome === outcome);
    if (!stage) throw new Error(`lead pipeline has no ${outcome} stage`);
    return stage;
  }

  outcomeOf(key: string): StageOutcome | null {
    return this.find(key)?.outcome ?? null;
  }
}

export interface LeadStageState {
  id: string;
  stage: string;
  clientId: string | null;
  matterId: string | null;
}

/** Converted, or at an outcome stage: the lead's stage no longer moves. */
export function isClosed(pipeline: Pipeline, lead: LeadStageState): boolean {
  return lead.clientId !== null || pipeline.outcomeOf(lead.stage) !== null;
}

export interface StageChange {
  stage?: string;
  notHiredReason?: string;
}

/**
 * Decides what a PATCH may do to a lead's stage and not-hired reason. A stage must be one of the
 * pipeline's; moving to the current stage is no move; a closed lead does not move; the hired stage
 * is reached only by conversion; the not-hired stage needs a reason, and a reason belongs only to a
 * not-hired lead (given with the move, or correcting the reason of a lead already there).
 */
export function resolveStageChange(
  pipeline: Pipeline,
  lead: LeadStageState,
  request: StageChange,
): StageChange {
  const reason = request.notHiredReason;
  if (request.stage !== undefined && request.stage !== lead.stage) {
    const target = pipeline.find(request.stage);
    if (!target) {
      throw new ValidationFailedError([
        {
          field: 'stage',
          message: `stage must be one of: ${pipeline.stages.map((stage) => stage.key).join(', ')}`,
        },
      ]);
    }
    if (isClosed(pipeline, lead)) throw new LeadClosedError(lead.id, lead.stage);
    switch (target.outcome) {
      case 'hired':
        throw new UseConvertError(target.key);
      case 'not-hired':
        if (!reason) {
          throw new ValidationFailedError([
            {
              field: 'notHiredReason',
              message: `moving a lead to ${target.key} needs notHiredReason: why the firm was not hired`,
            },
          ]);
        }
        return { stage: target.key, notHiredReason: reason };
      case null:
        if (reason !== undefined) throw reasonWithoutNotHired();
        return { stage: target.key };
    }
  }
  if (reason === undefined) return {};
  if (pipeline.outcomeOf(lead.stage) !== 'not-hired' || lead.clientId !== null) throw reasonWithoutNotHired();
  return { notHiredReason: reason };
}

function reasonWithoutNotHired(): ValidationFailedError {
  return new ValidationFailedError([
    {
      field: 'notHiredReason',
      message: 'notHiredReason is recorded only for a lead moved to the not-hired stage',
    },
  ]);
}

/** A lead converts once, and not after it was marked not-hired. Answers the stage it moves to. */
export function conversionStage(pipeline: Pipeline, lead: LeadStageState): LeadStage {
  if (lead.clientId !== null) throw new LeadAlreadyConvertedError(lead.id, lead.clientId, lead.matterId);
  if (isClosed(pipeline, lead)) throw new LeadClosedError(lead.id, lead.stage);
  return pipeline.withOutcome('hired');
}
