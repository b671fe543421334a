import type { DataSource, EntityManager } from 'typeorm';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs one use case in one transaction scoped to one firm: `app.firm_id` is set with
 * set_config(..., true) (SET LOCAL), so row-level security sees only that firm's rows
 * and the setting dies with the transaction.
 */
export async function withTenant<T>(
  dataSource: DataSource,
  firmId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!UUID_PATTERN.test(firmId))
    throw new Error(`withTenant: firm id ${JSON.stringify(firmId)} is not a UUID`);
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
    return work(manager);
  });
}

/**
 * A transaction in a named cross-firm scope (e.g. the outbox relay). Policies that allow a
 * scope name it explicitly, so a scope opens only the tables that list it.
 */
export async function withScope<T>(
  dataSource: DataSource,
  scope: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.scope', $1, true)`, [scope]);
    return work(manager);
  });
}
