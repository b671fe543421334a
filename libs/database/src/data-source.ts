import { DataSource, type DataSourceOptions as TypeOrmDataSourceOptions } from 'typeorm';

/** Entity classes (or schemas, or globs), typed exactly as TypeORM accepts them. */
export type EntityList = NonNullable<TypeOrmDataSourceOptions['entities']>;
/** Migration classes (or globs), typed exactly as TypeORM accepts them. */
export type MigrationList = NonNullable<TypeOrmDataSourceOptions['migrations']>;

export interface DataSourceOptions {
  url: string;
  entities: EntityList;
  migrations?: MigrationList;
  applicationName: string;
  poolSize?: number;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations ?? [],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10 },
  });
}

/**
 * Runs pending migrations as the owner role. Migrations grant to `appRole`, which they read
 * through `appRoleFromEnv()` (TypeORM migrations take no arguments).
 */
export async function runMigrations(options: DataSourceOptions, appRole: string): Promise<string[]> {
  process.env.APP_DB_ROLE = appRole;
  const dataSource = createDataSource({ ...options, poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** The role every grant in a migration goes to. */
export function appRoleFromEnv(): string {
  const role = process.env.APP_DB_ROLE;
  if (!role) throw new Error('APP_DB_ROLE must name the application role that migrations grant to');
  return role;
}
