import type { DataSource } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import { AccessDeniedError, type Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';

/**
 * Runs `work` and, when it is refused by an access rule that depends on the record (not your own
 * entry, approving your own), records the refusal in the firm's audit trail before the 403 goes
 * out. The refused work's own transaction has rolled back, so the record goes in one of its own;
 * nothing else changes. (Refusals by role alone are recorded by the gateway's request audit.)
 */
export async function auditingDenials<T>(
  dataSource: DataSource,
  actor: Actor,
  resource: { type: string; id: string },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccessDeniedError) {
      await withTenant(dataSource, actor.firmId, (manager) =>
        recordChange(manager, actor, {
          action: 'access.denied',
          resourceType: resource.type,
          resourceId: resource.id,
          details: { rule: error.rule, attempted: error.action },
        }),
      );
    }
    throw error;
  }
}
