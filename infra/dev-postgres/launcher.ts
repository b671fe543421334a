/**
 * A private PostgreSQL cluster the project starts itself, from the machine's PostgreSQL
 * binaries (installed from Debian's packages when missing). As root it runs the server as
 * the unprivileged `postgres` user. One database per service, each with an owner role that
 * runs migrations and an app role without BYPASSRLS that the service connects as.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync, chownSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export const SERVICES = ['gateway', 'admin-gateway', 'intake', 'timekeeping', 'billing', 'docket', 'document'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface PostgresCluster {
  port: number;
  superuserUrl: string;
  ownerUrl(service: ServiceName): string;
  appUrl(service: ServiceName): string;
  appRole(service: ServiceName): string;
  stop(): void;
}

const SUPERUSER = 'lawfirm_admin';

export function dbName(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

function rolePassword(role: string): string {
  // Local clusters only; compose and production pass real secrets through DATABASE_URL.
  return `local-${role}`;
}

function findBinDir(): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const version = versions[0];
  if (version) return join(base, version, 'bin');
  if (process.getuid?.() === 0) {
    console.log('[postgres] PostgreSQL binaries not found; installing them from Debian packages');
    execFileSync('bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null'], {
      stdio: 'inherit',
    });
    return findBinDir();
  }
  throw new Error('PostgreSQL binaries not found: install the postgresql package or set PG_BIN_DIR');
}

function runAs(user: string | undefined, command: string, args: string[]): void {
  const result = user
    ? spawnSync('runuser', ['-u', user, '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startPostgres(options: { port: number; dataDir: string; quiet?: boolean }): Promise<PostgresCluster> {
  const { port, dataDir } = options;
  const log = (line: string): void => {
    if (!options.quiet) console.log(`[postgres] ${line}`);
  };
  const bin = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : undefined;
  if (asRoot) {
    const exists = spawnSync('id', ['-u', 'postgres']).status === 0;
    if (!exists) execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  }
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : undefined;
  const superuserUrl = `postgres://${SUPERUSER}:${rolePassword(SUPERUSER)}@127.0.0.1:${port}/postgres`;

  const alreadyRunning = await canConnect(superuserUrl);
  if (!alreadyRunning) {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      log(`initialising a private cluster in ${dataDir}`);
      rmSync(dataDir, { recursive: true, force: true });
      // The parent must be traversable by the server's user (as root we run it as postgres);
      // only the data directory itself is private.
      mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const pwfile = join(dataDir, '..', `.pwfile-${port}`);
      writeFileSync(pwfile, rolePassword(SUPERUSER), { mode: 0o600 });
      if (uid !== undefined && gid !== undefined) {
        chownSync(dataDir, uid, gid);
        chownSync(pwfile, uid, gid);
      }
      runAs(user, join(bin, 'initdb'), [
        '-D', dataDir, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust',
        '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync',
      ]);
      rmSync(pwfile, { force: true });
    }
    log(`starting on port ${port}`);
    runAs(user, join(bin, 'pg_ctl'), [
      '-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start',
      '-o', `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB`,
    ]);
  } else {
    log(`already running on port ${port}`);
  }
  await provision(superuserUrl);
  return {
    ...clusterUrls(superuserUrl),
    // Only a cluster this call started is stopped; one that was already running is left alone.
    stop: () => {
      if (!alreadyRunning) runAs(user, join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
  };
}

function clusterUrls(superuserUrl: string): Omit<PostgresCluster, 'stop'> {
  const server = new URL(superuserUrl);
  const url = (role: string, db: string): string => `postgres://${role}:${rolePassword(role)}@${server.host}/${db}`;
  return {
    port: Number(server.port || 5432),
    superuserUrl,
    ownerUrl: (service) => url(`${dbName(service)}_owner`, dbName(service)),
    appUrl: (service) => url(`${dbName(service)}_app`, dbName(service)),
    appRole: (service) => `${dbName(service)}_app`,
  };
}

/**
 * A PostgreSQL server someone else runs (TEST_DATABASE_URL, a test container): provisioned
 * the same way, through its superuser URL, and never stopped by us.
 */
export async function useExistingServer(superuserUrl: string): Promise<PostgresCluster> {
  await provision(superuserUrl);
  return { ...clusterUrls(superuserUrl), stop: () => undefined };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Idempotent: roles, databases, grants and extensions for every service. */
async function provision(superuserUrl: string): Promise<void> {
  const admin = new Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    for (const service of SERVICES) {
      const db = dbName(service);
      for (const [role, extra] of [
        [`${db}_owner`, ''],
        [`${db}_app`, 'NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE'],
      ] as const) {
        const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        const password = rolePassword(role).replace(/'/g, "''");
        if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${role} LOGIN ${extra} PASSWORD '${password}'`);
      }
      const dbExists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (dbExists.rowCount === 0) await admin.query(`CREATE DATABASE ${db} OWNER ${db}_owner`);
      await admin.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
      await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${db}_app`);
      const dbUrl = new URL(superuserUrl);
      dbUrl.pathname = `/${db}`;
      const inDb = new Client({ connectionString: dbUrl.toString() });
      await inDb.connect();
      try {
        await inDb.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        // Row-level security lets an index serve only LEAKPROOF operators; pg_trgm's similarity
        // operator raises no data-dependent errors, so it is declared leakproof (superuser only) and
        // conflict searches can use the trigram index under RLS.
        await inDb.query('ALTER FUNCTION similarity_op(text, text) LEAKPROOF');
        await inDb.query('CREATE EXTENSION IF NOT EXISTS unaccent');
        await inDb.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
        await inDb.query(`GRANT USAGE ON SCHEMA public TO ${db}_app`);
      } finally {
        await inDb.end();
      }
    }
  } finally {
    await admin.end();
  }
}
