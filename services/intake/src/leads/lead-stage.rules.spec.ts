import { DomainError, ValidationFailedError } from '@lawfirm/errors';
import { LeadErrorCode } from './lead.exception';
import {
  blockedStageChange,
  conversionStage,
  DEFAULT_STAGES,
  isClosed,
  Pipeline,
  pipelineProblems,
  resolveStageChange,
  type LeadStage,
  type LeadStageState,
} from './lead-stage.rules';

const pipeline = new Pipeline(DEFAULT_STAGES);
const openLead = (stage = 'new'): LeadStageState => ({ id: 'lead-1', stage, clientId: null, matterId: null });
const convertedLead: LeadStageState = {
  id: 'lead-1',
  stage: 'hired',
  clientId: 'client-1',
  matterId: 'matter-1',
};

function refusal(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('DEFAULT_STAGES', () => {
  it('is the standard pipeline and a valid one', () => {
    expect(DEFAULT_STAGES.map((stage) => stage.key)).toEqual([
      'new',
      'contacted',
      'qualified',
      'consult-scheduled',
      'hired',
      'not-hired',
    ]);
    expect(pipelineProblems(DEFAULT_STAGES)).toEqual([]);
    expect(pipeline.first.key).toBe('new');
    expect(pipeline.withOutcome('hired').key).toBe('hired');
    expect(pipeline.withOutcome('not-hired').key).toBe('not-hired');
  });
});

describe('pipelineProblems', () => {
  const stage = (key: string, outcome: LeadStage['outcome'] = null): LeadStage => ({
    key,
    label: key,
    outcome,
  });

  it('accepts a custom pipeline in any order after an open first stage', () => {
    expect(
      pipelineProblems([
        stage('inquiry'),
        stage('lost', 'not-hired'),
        stage('intake'),
        stage('retained', 'hired'),
      ]),
    ).toEqual([]);
  });

  it('names a repeated key at the repeat', () => {
    expect(
      pipelineProblems([stage('new'), stage('hired', 'hired'), stage('new'), stage('lost', 'not-hired')]),
    ).toEqual([{ field: 'stages.2.key', message: 'key "new" is already used by stages.0' }]);
  });

  it('wants exactly one hired and one not-hired stage', () => {
    expect(pipelineProblems([stage('new'), stage('won', 'hired'), stage('retained', 'hired')])).toEqual([
      { field: 'stages', message: 'exactly one stage must have outcome hired (found 2)' },
      { field: 'stages', message: 'exactly one stage must have outcome not-hired (found 0)' },
    ]);
  });

  it('refuses an outcome at the first stage, where new leads start', () => {
    expect(pipelineProblems([stage('hired', 'hired'), stage('new'), stage('lost', 'not-hired')])).toEqual([
      {
        field: 'stages.0.outcome',
        message: 'new leads start at the first stage, so it cannot be an outcome',
      },
    ]);
  });
});

describe('blockedStageChange', () => {
  const custom: LeadStage[] = [
    { key: 'inquiry', label: 'Inquiry', outcome: null },
    { key: 'hired', label: 'Retained', outcome: 'hired' },
    { key: 'not-hired', label: 'Lost', outcome: 'not-hired' },
  ];

  it('allows removing empty stages and relabelling occupied ones', () => {
    expect(
      blockedStageChange(
        DEFAULT_STAGES,
        custom,
        new Map([
          ['hired', 2],
          ['contacted', 0],
        ]),
      ),
    ).toBeUndefined();
  });

  it('refuses removing a stage leads are in, naming it', () => {
    expect(blockedStageChange(DEFAULT_STAGES, custom, new Map([['qualified', 3]]))).toEqual({
      stage: 'qualified',
      leadCount: 3,
      change: 'removed',
    });
  });

  it('refuses changing the outcome of a stage leads are in', () => {
    const swapped: LeadStage[] = [
      { key: 'new', label: 'New', outcome: null },
      { key: 'hired', label: 'Hired', outcome: null },
      { key: 'retained', label: 'Retained', outcome: 'hired' },
      { key: 'not-hired', label: 'Lost', outcome: 'not-hired' },
    ];
    expect(blockedStageChange(DEFAULT_STAGES, swapped, new Map([['hired', 1]]))).toEqual({
      stage: 'hired',
      leadCount: 1,
      change: 'outcome-changed',
    });
  });
});

describe('resolveStageChange', () => {
  it('moves an open lead to any open stage, forwards or back', () => {
    expect(resolveStageChange(pipeline, openLead('new'), { stage: 'qualified' })).toEqual({
      stage: 'qualified',
    });
    expect(resolveStageChange(pipeline, openLead('qualified'), { stage: 'contacted' })).toEqual({
      stage: 'contacted',
    });
  });

  it('treats the current stage as no move', () => {
    expect(resolveStageChange(pipeline, openLead('contacted'), { stage: 'contacted' })).toEqual({});
  });

  it('refuses an unknown stage with a field error listing the stages', () => {
    const error = refusal(() => resolveStageChange(pipeline, openLead(), { stage: 'won' }));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.fieldErrors).toEqual([
      {
        field: 'stage',
        message: 'stage must be one of: new, contacted, qualified, consult-scheduled, hired, not-hired',
      },
    ]);
  });

  it('sends moves to the hired stage to conversion', () => {
    const error = refusal(() => resolveStageChange(pipeline, openLead('qualified'), { stage: 'hired' }));
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe(LeadErrorCode.UseConvert);
  });

  it('needs a reason to move to not-hired, and records it', () => {
    const error = refusal(() => resolveStageChange(pipeline, openLead(), { stage: 'not-hired' }));
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.fieldErrors[0]?.field).toBe('notHiredReason');
    expect(
      resolveStageChange(pipeline, openLead(), { stage: 'not-hired', notHiredReason: 'Chose another firm' }),
    ).toEqual({
      stage: 'not-hired',
      notHiredReason: 'Chose another firm',
    });
  });

  it('keeps a reason to not-hired leads', () => {
    expect(
      refusal(() => resolveStageChange(pipeline, openLead(), { stage: 'contacted', notHiredReason: 'x' }))
        .fieldErrors[0]?.field,
    ).toBe('notHiredReason');
    expect(
      refusal(() => resolveStageChange(pipeline, openLead(), { notHiredReason: 'x' })).fieldErrors[0]?.field,
    ).toBe('notHiredReason');
    expect(resolveStageChange(pipeline, openLead('not-hired'), { notHiredReason: 'Fee too high' })).toEqual({
      notHiredReason: 'Fee too high',
    });
  });

  it('closes converted and not-hired leads to stage changes', () => {
    for (const lead of [convertedLead, openLead('not-hired')]) {
      expect(isClosed(pipeline, lead)).toBe(true);
      const error = refusal(() => resolveStageChange(pipeline, lead, { stage: 'contacted' }));
      expect(error.kind).toBe('conflict');
      expect(error.code).toBe(LeadErrorCode.LeadClosed);
      expect(error.extensions).toEqual({ stage: lead.stage });
    }
    expect(isClosed(pipeline, openLead('consult-scheduled'))).toBe(false);
  });

  it('works on custom stage keys', () => {
    const custom = new Pipeline([
      { key: 'inquiry', label: 'Inquiry', outcome: null },
      { key: 'retained', label: 'Retained', outcome: 'hired' },
      { key: 'lost', label: 'Lost', outcome: 'not-hired' },
    ]);
    expect(refusal(() => resolveStageChange(custom, openLead('inquiry'), { stage: 'retained' })).code).toBe(
      LeadErrorCode.UseConvert,
    );
    expect(
      refusal(() => resolveStageChange(custom, openLead('inquiry'), { stage: 'lost' })).fieldErrors[0]?.field,
    ).toBe('notHiredReason');
    expect(
      refusal(() => resolveStageChange(custom, openLead('inquiry'), { stage: 'new' })).fieldErrors[0]
        ?.message,
    ).toBe('stage must be one of: inquiry, retained, lost');
  });
});

describe('conversionStage', () => {
  it('answers the hired stage for an open lead', () => {
    expect(conversionStage(pipeline, openLead('consult-scheduled')).key).toBe('hired');
  });

  it('refuses a second conversion and a not-hired lead', () => {
    expect(refusal(() => conversionStage(pipeline, convertedLead)).code).toBe(LeadErrorCode.AlreadyConverted);
    expect(refusal(() => conversionStage(pipeline, openLead('not-hired'))).code).toBe(
      LeadErrorCode.LeadClosed,
    );
  });
});
