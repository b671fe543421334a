import type { Change } from '@lawfirm/audit';
import type { DeadlineSnapshotV1 } from '@lawfirm/contracts';
import type { Deadline } from './deadline.entity';
import type { Trigger } from './trigger.entity';

export function deadlineSnapshot(deadline: Deadline, trigger: Trigger): DeadlineSnapshotV1 {
  return {
    deadlineId: deadline.id,
    matterId: deadline.matterId,
    triggerId: deadline.triggerId,
    ruleSetId: trigger.ruleSetId,
    ruleSetVersion: trigger.ruleSetVersion,
    ruleCode: deadline.ruleCode,
    name: deadline.name,
    citation: deadline.citation,
    computedDate: deadline.computedDate,
    dueDate: deadline.dueDate,
    ...(deadline.dueTime ? { dueTime: deadline.dueTime } : {}),
    status: deadline.status,
    overridden: deadline.overriddenAt !== null,
    needsReview: deadline.needsReview,
  };
}

export function triggerAudit(trigger: Trigger): Pick<Change, 'resourceType' | 'resourceId'> & {
  details: {
    matterId: string;
    ruleSetId: string;
    ruleSetVersion: number;
    triggerEvent: string;
    triggerDate: string;
  };
} {
  return {
    resourceType: 'trigger',
    resourceId: trigger.id,
    details: {
      matterId: trigger.matterId,
      ruleSetId: trigger.ruleSetId,
      ruleSetVersion: trigger.ruleSetVersion,
      triggerEvent: trigger.triggerEvent,
      triggerDate: trigger.triggerDate,
    },
  };
}
