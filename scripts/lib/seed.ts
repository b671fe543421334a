/**
 * Demo data for local runs: two firms with an admin each, and one operations user.
 * Idempotent. Refused when NODE_ENV=production.
 */
import { hashSecret } from '@lawfirm/auth';
import { Client } from 'pg';
import type { PostgresCluster } from '@lawfirm/dev-postgres';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_FIRMS = [
  {
    id: 'a0000000-0000-4000-8000-00000000000a',
    slug: 'demo-a',
    name: 'Demo Firm A LLP',
    admin: 'admin@demo-a.test',
  },
  {
    id: 'b0000000-0000-4000-8000-00000000000b',
    slug: 'demo-b',
    name: 'Demo Firm B PC',
    admin: 'admin@demo-b.test',
  },
] as const;

export const DEMO_OPS_USER = 'ops@platform.test';

export class SeedRefusedError extends Error {}

export async function seedDemo(pg: PostgresCluster, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.NODE_ENV === 'production')
    throw new SeedRefusedError('Refusing to seed demo data when NODE_ENV=production');
  const passwordHash = await hashSecret(DEMO_PASSWORD);
  const gateway = new Client({ connectionString: pg.ownerUrl('gateway') });
  await gateway.connect();
  try {
    for (const firm of DEMO_FIRMS) {
      await gateway.query('BEGIN');
      await gateway.query(`SELECT set_config('app.firm_id', $1, true)`, [firm.id]);
      await gateway.query(
        `INSERT INTO firms (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING`,
        [firm.id, firm.slug, firm.name],
      );
      await gateway.query(
        `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING`,
        [
          firm.id,
          firm.admin,
          `${firm.name} administrator`,
          passwordHash,
          ['firm-admin', 'attorney', 'billing'],
        ],
      );
      await gateway.query('COMMIT');
    }
  } finally {
    await gateway.end();
  }
  const admin = new Client({ connectionString: pg.ownerUrl('admin-gateway') });
  await admin.connect();
  try {
    await admin.query(
      `INSERT INTO ops_users (id, email, display_name, password_hash, roles)
       VALUES (gen_random_uuid(), $1, 'Platform operations', $2, $3) ON CONFLICT (email) DO NOTHING`,
      [DEMO_OPS_USER, passwordHash, ['ops-admin']],
    );
  } finally {
    await admin.end();
  }
}
