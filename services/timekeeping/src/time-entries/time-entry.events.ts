import type { Change } from '@lawfirm/audit';
import {
  isClassification,
  type TimeEntrySnapshotV1,
  type TimekeeperClassification,
} from '@lawfirm/contracts';
import type { TimeEntry } from './time-entry.entity';

export function entrySnapshot(entry: TimeEntry): TimeEntrySnapshotV1 {
  return {
    timeEntryId: entry.id,
    matterId: entry.matterId,
    timekeeperId: entry.timekeeperId,
    ...(entry.classification ? { classification: entry.classification } : {}),
    ...(ledesCodeOf(entry) ? { ledesClassification: ledesCodeOf(entry) as string } : {}),
    workDate: entry.workDate,
    minutes: entry.minutes,
    billedTenths: entry.billedTenths,
    narrative: entry.narrative,
    billable: entry.billable,
    ...(entry.taskCode ? { taskCode: entry.taskCode } : {}),
    ...(entry.activityCode ? { activityCode: entry.activityCode } : {}),
    outsourced: entry.outsourced,
  };
}

/** The LEDES code an entry's classification reported as (entries from before firm codes: the classification itself). */
export function ledesCodeOf(
  entry: Pick<TimeEntry, 'classification' | 'ledesClassification'>,
): TimekeeperClassification | null {
  if (entry.ledesClassification && isClassification(entry.ledesClassification))
    return entry.ledesClassification;
  return isClassification(entry.classification) ? entry.classification : null;
}

/** Who, what and which entry, as every change of a time entry is audited. */
export function entryAudit(entry: TimeEntry): Pick<Change, 'resourceType' | 'resourceId' | 'details'> {
  return {
    resourceType: 'time-entry',
    resourceId: entry.id,
    details: { matterId: entry.matterId, minutes: entry.minutes, status: entry.status },
  };
}
