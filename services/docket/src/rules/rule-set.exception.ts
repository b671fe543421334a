import { DomainError } from '@lawfirm/errors';

export enum RuleSetErrorCode {
  NotInForce = 'rule_set_not_in_force',
  ClosureExists = 'court_closure_exists',
  CannotCompute = 'deadline_not_computable',
}

/** No version of the rule set was in force on the trigger date. */
export class RuleSetNotInForceError extends DomainError {
  constructor(ruleSetId: string, date: string) {
    super(
      'unprocessable',
      RuleSetErrorCode.NotInForce,
      `No version of rule set ${ruleSetId} was in force on ${date}.`,
      [{ field: 'triggerDate', message: `no version of ${ruleSetId} was in force on ${date}` }],
    );
  }
}

export class CourtClosureExistsError extends DomainError {
  constructor(calendarId: string, date: string) {
    super(
      'conflict',
      RuleSetErrorCode.ClosureExists,
      `A closure of ${calendarId} on ${date} is already declared.`,
    );
  }
}

/** The rule and the input do not fit (an hours period without a time, say). */
export class DeadlineNotComputableError extends DomainError {
  constructor(reason: string) {
    super('unprocessable', RuleSetErrorCode.CannotCompute, `The deadline cannot be computed: ${reason}.`);
  }
}
