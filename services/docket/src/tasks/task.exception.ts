import { DomainError } from '@lawfirm/errors';

export enum TaskErrorCode {
  StatusNotAllowed = 'task_status_not_allowed',
  DeadlineOfAnotherMatter = 'deadline_of_another_matter',
}

export class TaskStatusNotAllowedError extends DomainError {
  constructor(from: string, to: string) {
    super('conflict', TaskErrorCode.StatusNotAllowed, `A ${from} task cannot become ${to}.`);
  }
}

export class DeadlineOfAnotherMatterError extends DomainError {
  constructor(deadlineId: string) {
    super(
      'unprocessable',
      TaskErrorCode.DeadlineOfAnotherMatter,
      `Deadline ${deadlineId} belongs to another matter; a task follows a deadline of its own matter.`,
    );
  }
}
