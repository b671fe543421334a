/**
 * Prints the SQL TypeORM would need to bring a service's database in line with its
 * entities, and names every table of the database that has no entity. After migrations it
 * must print nothing: a non-empty result means an entity and the migrations disagree.
 * Usage: schema-drift <service> <owner database url>
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DefaultNamingStrategy, getMetadataArgsStorage } from 'typeorm';
import { createDataSource } from '@lawfirm/database';
import { loadServiceSchema } from './lib/service-schemas';

/** TypeORM's own bookkeeping (createDataSource's migrationsTableName): no entity describes it. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export async function schemaDrift(service: string, url: string): Promise<string[]> {
  const schema = loadServiceSchema(service);
  const dataSource = createDataSource({
    url,
    entities: schema.ENTITIES,
    applicationName: 'schema-drift',
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}

/** The tables a service's ENTITIES describe, read from the decorators (no database needed). */
export function entityTables(service: string): string[] {
  const naming = new DefaultNamingStrategy();
  const declared = getMetadataArgsStorage().tables;
  const entities = loadServiceSchema(service).ENTITIES;
  return (Array.isArray(entities) ? entities : Object.values(entities))
    .map((entity) => {
      const table =
        typeof entity === 'function' ? declared.find((args) => args.target === entity) : undefined;
      if (typeof entity !== 'function' || !table)
        throw new Error(`${service}: ENTITIES holds something that is not an @Entity class`);
      return naming.tableName(entity.name, table.name);
    })
    .sort();
}

/** Every ordinary table of the database's own schemas, but TypeORM's migrations table and partition children. */
export async function databaseTables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url, application_name: 'schema-drift' });
  await client.connect();
  try {
    const result = await client.query<{ name: string }>(
      `SELECT CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
          AND NOT (n.nspname = 'public' AND c.relname = $1)
        ORDER BY 1`,
      [MIGRATIONS_TABLE],
    );
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

/** Tables of the service's database that no entity in its ENTITIES describes. */
export async function tablesWithoutEntity(service: string, url: string): Promise<string[]> {
  const described = new Set(entityTables(service));
  return (await databaseTables(url)).filter((table) => !described.has(table));
}

if (require.main === module) {
  const [service, url] = process.argv.slice(2);
  if (!service || !url) {
    console.error('usage: schema-drift <service> <database url>');
    process.exit(2);
  }
  Promise.all([schemaDrift(service, url), tablesWithoutEntity(service, url)])
    .then(([queries, orphans]) => {
      for (const query of queries) console.log(`${query};`);
      for (const table of orphans) console.log(`-- table ${table} has no entity in ${service}'s ENTITIES`);
      if (queries.length || orphans.length) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
