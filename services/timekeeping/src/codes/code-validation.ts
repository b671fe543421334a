import { ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { findUtbmsCode, isActivityCode, isTaskCode, tasksOfPhase } from './utbms';

/**
 * Refuses UTBMS codes that are not in the code sets (400 naming `taskCode` / `activityCode`).
 * The DTOs only check the shape (L120, A103); this checks the code exists. Absent codes pass.
 */
export function assertKnownTimeCodes(codes: {
  taskCode?: string | null;
  activityCode?: string | null;
}): void {
  const errors: FieldError[] = [];
  if (codes.taskCode != null && !isTaskCode(codes.taskCode))
    errors.push({ field: 'taskCode', message: taskCodeProblem(codes.taskCode) });
  if (codes.activityCode != null && !isActivityCode(codes.activityCode)) {
    errors.push({
      field: 'activityCode',
      message: `activityCode ${codes.activityCode} is not a UTBMS activity code (A101–A111; see GET /v1/utbms-codes?set=activity)`,
    });
  }
  if (errors.length) throw new ValidationFailedError(errors);
}

function taskCodeProblem(code: string): string {
  const known = findUtbmsCode(code);
  if (known?.kind === 'phase') {
    const tasks = tasksOfPhase(code).map((task) => task.code);
    return `taskCode ${code} is a phase (${known.description}); record time under one of its tasks: ${tasks.join(', ')}`;
  }
  return `taskCode ${code} is not a UTBMS litigation task code (L110–L530; see GET /v1/utbms-codes?set=task)`;
}
