import { runMigrations, type EntityList, type MigrationList } from '@lawfirm/database';

/**
 * `migrate` entry of a service: runs its migrations as the owner role
 * (DATABASE_OWNER_URL), granting to the app role named by the user of DATABASE_URL
 * (or APP_DB_ROLE).
 */
export function runMigrationCli(service: string, entities: EntityList, migrations: MigrationList): void {
  const ownerUrl = process.env.DATABASE_OWNER_URL;
  const appRole =
    process.env.APP_DB_ROLE ??
    (process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).username : undefined);
  if (!ownerUrl || !appRole) {
    console.error('DATABASE_OWNER_URL and DATABASE_URL (or APP_DB_ROLE) must be set to migrate');
    process.exit(78);
  }
  runMigrations({ url: ownerUrl, entities, migrations, applicationName: `${service}-migrate` }, appRole)
    .then((applied) =>
      console.log(`[${service}] migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`),
    )
    .catch((error: unknown) => {
      console.error(`[${service}] migration failed:`, error);
      process.exit(1);
    });
}
