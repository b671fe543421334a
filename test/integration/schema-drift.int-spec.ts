/**
 * Migrations and entities agree, for every table of every service: generating a migration from
 * the entities would produce nothing, no table lacks an entity, and a database missing a
 * migration is caught.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SERVICES } from '@lawfirm/contracts';
import { runMigrations } from '@lawfirm/database';
import { testDatabase } from '@lawfirm/testing';
import {
  databaseTables,
  entityTables,
  loadServiceSchema,
  schemaDrift,
  tablesWithoutEntity,
} from '@lawfirm/dev-stack';

const ENTITY_TABLE_COUNT = SERVICES.reduce((count, service) => count + entityTables(service).length, 0);

describe('Schema drift', () => {
  it.each(SERVICES)('%s: entities need no schema change after migrations', async (service) => {
    expect(await schemaDrift(service, testDatabase(service).owner)).toEqual([]);
  });

  it.each(SERVICES)('%s: every table in its database has an entity', async (service) => {
    expect(await tablesWithoutEntity(service, testDatabase(service).owner)).toEqual([]);
  });

  it(`covers all ${ENTITY_TABLE_COUNT} tables of the ${SERVICES.length} services`, async () => {
    const tables = await Promise.all(SERVICES.map((service) => databaseTables(testDatabase(service).owner)));
    const withoutEntity = await Promise.all(
      SERVICES.map(async (service) =>
        (await tablesWithoutEntity(service, testDatabase(service).owner)).map(
          (table) => `${service}: ${table}`,
        ),
      ),
    );
    expect(withoutEntity.flat()).toEqual([]);
    expect(tables.flat()).toHaveLength(ENTITY_TABLE_COUNT);
  });

  describe('a database missing its last migration', () => {
    it.each(SERVICES)('%s: is caught', async (service) => {
      const migrations = loadServiceSchema(service).MIGRATIONS;
      if (!Array.isArray(migrations) || migrations.length === 0)
        throw new Error(`${service}: MIGRATIONS lists no migration classes`);
      const owner = testDatabase(service).owner;
      await withScratchDatabase(service, async (scratchUrl) => {
        await runMigrations(
          {
            url: scratchUrl,
            entities: loadServiceSchema(service).ENTITIES,
            migrations: migrations.slice(0, -1),
            applicationName: 'schema-drift',
          },
          testDatabase(service).appRole,
        );
        const entityDrift = await schemaDrift(service, scratchUrl);
        const [complete, partial] = [await catalogOf(owner), await catalogOf(scratchUrl)];
        const missingShape = missing(complete.shape, partial.shape);
        const missingRules = missing(complete.rules, partial.rules);
        // What the entities describe (tables, columns, keys, indexes) must show up as entity drift;
        // a migration that changes only grants, policies or triggers shows up in the catalog instead.
        expect([...entityDrift, ...missingRules]).not.toEqual([]);
        if (missingShape.length > 0) expect(entityDrift).not.toEqual([]);
      });
    });
  });
});

/** A fresh database shaped like the service's own (same owner, extensions and schema grants), dropped afterwards. */
async function withScratchDatabase(service: string, run: (ownerUrl: string) => Promise<void>): Promise<void> {
  const superuserUrl = process.env.TEST_PG_SUPERUSER_URL;
  if (!superuserUrl) throw new Error('TEST_PG_SUPERUSER_URL is not set: run through the integration project');
  const { owner, appRole } = testDatabase(service);
  const ownerRole = decodeURIComponent(new URL(owner).username);
  const name = `drift_${service.replace(/\W/g, '_')}_${randomUUID().slice(0, 8)}`;
  await onDatabase(superuserUrl, undefined, (client) =>
    client.query(`CREATE DATABASE ${name} OWNER "${ownerRole}"`),
  );
  try {
    await onDatabase(superuserUrl, name, async (client) => {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await client.query('ALTER FUNCTION similarity_op(text, text) LEAKPROOF');
      await client.query('CREATE EXTENSION IF NOT EXISTS unaccent');
      await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
      await client.query(`GRANT USAGE ON SCHEMA public TO "${appRole}"`);
    });
    await run(withDatabase(owner, name));
  } finally {
    await onDatabase(superuserUrl, undefined, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    );
  }
}

interface Catalog {
  /** What entities describe: tables, columns (type, nullability, default), keys and indexes. */
  shape: string[];
  /** What they cannot: grants, row-level security policies, triggers, check constraints. */
  rules: string[];
}

async function catalogOf(url: string): Promise<Catalog> {
  return onDatabase(url, undefined, async (client) => {
    const lines = async (sql: string): Promise<string[]> =>
      (await client.query<{ line: string }>(sql)).rows.map((row) => row.line);
    const inPublic = `c.relnamespace = 'public'::regnamespace`;
    const shape = [
      ...(await lines(`SELECT concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default) AS line
                         FROM information_schema.columns WHERE table_schema = 'public'`)),
      ...(await lines(`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`)),
      ...(await lines(`SELECT c.relname || ' ' || pg_get_constraintdef(k.oid) AS line FROM pg_constraint k
                         JOIN pg_class c ON c.oid = k.conrelid WHERE ${inPublic} AND k.contype IN ('p', 'u', 'f')`)),
    ];
    const rules = [
      ...(await lines(
        `SELECT c.relname || ' ' || coalesce(c.relacl::text, '') AS line FROM pg_class c WHERE ${inPublic} AND c.relkind = 'r'`,
      )),
      ...(await lines(
        `SELECT concat_ws(' ', tablename, policyname, cmd, qual, with_check) AS line FROM pg_policies WHERE schemaname = 'public'`,
      )),
      ...(await lines(`SELECT c.relname || ' ' || t.tgname AS line FROM pg_trigger t
                         JOIN pg_class c ON c.oid = t.tgrelid WHERE ${inPublic} AND NOT t.tgisinternal`)),
      ...(await lines(`SELECT c.relname || ' ' || pg_get_constraintdef(k.oid) AS line FROM pg_constraint k
                         JOIN pg_class c ON c.oid = k.conrelid WHERE ${inPublic} AND k.contype = 'c'`)),
    ];
    return { shape, rules };
  });
}

function missing(expected: string[], actual: string[]): string[] {
  const present = new Set(actual);
  return expected.filter((line) => !present.has(line));
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

async function onDatabase<T>(
  url: string,
  database: string | undefined,
  run: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    connectionString: database ? withDatabase(url, database) : url,
    application_name: 'schema-drift',
  });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
