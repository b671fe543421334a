/**
 * Tenancy is enforced by the database, not by good intentions: in every service database,
 * every table with a firm_id has row-level security enabled AND forced, the app role owns
 * nothing and cannot bypass RLS, and with no firm set a query sees nothing.
 */
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { testDatabases } from '@lawfirm/testing';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('Row-level security catalog', () => {
  const databases = Object.entries(testDatabases());

  it.each(databases)(
    '%s: every table with firm_id has RLS enabled and forced, with a policy',
    async (_service, db) => {
      const rows = await withClient(db.owner, (client) =>
        client.query<{
          table_name: string;
          relrowsecurity: boolean;
          relforcerowsecurity: boolean;
          policies: string;
        }>(
          `SELECT c.relname AS table_name, c.relrowsecurity, c.relforcerowsecurity,
                (SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname AND p.schemaname = 'public') AS policies
           FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
          WHERE c.relkind = 'r'
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'firm_id' AND NOT a.attisdropped)`,
        ),
      );
      expect(rows.rows.length).toBeGreaterThan(0);
      for (const table of rows.rows) {
        expect({
          table: table.table_name,
          enabled: table.relrowsecurity,
          forced: table.relforcerowsecurity,
        }).toEqual({
          table: table.table_name,
          enabled: true,
          forced: true,
        });
        expect(Number(table.policies)).toBeGreaterThan(0);
      }
    },
  );

  it.each(databases)('%s: the app role owns nothing and cannot bypass RLS', async (_service, db) => {
    await withClient(db.owner, async (client) => {
      const role = await client.query<{ rolbypassrls: boolean; rolsuper: boolean }>(
        `SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = $1`,
        [db.appRole],
      );
      expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
      const owned = await client.query(
        `SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE r.rolname = $1 AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
        [db.appRole],
      );
      expect(owned.rows).toEqual([]);
      const database = await client.query(
        `SELECT 1 FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = $1`,
        [db.appRole],
      );
      expect(database.rows).toEqual([]);
    });
  });

  it.each(databases)('%s: with no firm set, the app role sees no tenant rows', async (_service, db) => {
    const firmId = randomUUID();
    // Put a row in the outbox (present in every service database) as that firm…
    await withClient(db.app, async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
      await client.query(
        `INSERT INTO outbox (id, firm_id, topic, message_key, envelope, sent_at) VALUES ($1, $2, 'rls.test', 'k', '{}', now())`,
        [randomUUID(), firmId],
      );
      await client.query('COMMIT');
    });
    await withClient(db.app, async (client) => {
      // …then look without a firm, and as another firm.
      const none = await client.query(`SELECT count(*)::int AS n FROM outbox WHERE firm_id = $1`, [firmId]);
      expect(none.rows[0].n).toBe(0);
      const everything = await client.query(`SELECT count(*)::int AS n FROM outbox`);
      expect(everything.rows[0].n).toBe(0);
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.firm_id', $1, true)`, [randomUUID()]);
      const other = await client.query(`SELECT count(*)::int AS n FROM outbox WHERE firm_id = $1`, [firmId]);
      expect(other.rows[0].n).toBe(0);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
      const own = await client.query(`SELECT count(*)::int AS n FROM outbox WHERE firm_id = $1`, [firmId]);
      expect(own.rows[0].n).toBe(1);
      // Writing a row for another firm is refused by the policy's WITH CHECK.
      await expect(
        client.query(
          `INSERT INTO outbox (id, firm_id, topic, message_key, envelope) VALUES ($1, $2, 'rls.test', 'k', '{}')`,
          [randomUUID(), randomUUID()],
        ),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
    });
  });
});
