import type { MatterOpenedV1 } from '@lawfirm/contracts';
import type { Matter } from './matter.entity';

export function matterSnapshot(matter: Matter, changedAt: Date): MatterOpenedV1 {
  return {
    matterId: matter.id,
    clientId: matter.clientId,
    number: matter.number,
    title: matter.title,
    ...(matter.practiceArea ? { practiceArea: matter.practiceArea } : {}),
    status: matter.status,
    changedAt: changedAt.toISOString(),
  };
}
