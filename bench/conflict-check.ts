/**
 * What a conflict check costs on a big firm: 100,000 recorded parties (companies and people,
 * generated from word lists, with clients rows and a share of them with matters) are loaded
 * into intake's conflict index for one firm, then ~300 checks of 1–3 names each (a third
 * recorded names written differently, a third with one or two typos, a third names nobody
 * recorded) run one at a time through ConflictService.search over the app role inside
 * withTenant, exactly as the API runs them. The same-run baseline is a plain exact-key lookup
 * (`SELECT … FROM conflict_index WHERE match_key = $1`, one per name, inside withTenant) for
 * the same checks; runs alternate check/baseline so drift on a shared machine hits both.
 * Also prints EXPLAIN ANALYZE of one fuzzy probe, to show the trigram index at work.
 *
 *   node -r @swc-node/register bench/conflict-check.ts
 *
 * It starts its own PostgreSQL (port 55462, .local/postgres-bench-conflicts), migrates intake
 * only, and stops the cluster at the end if it started it.
 * Knobs (env): BENCH_CONFLICT_PARTIES (100000), BENCH_CONFLICT_CHECKS (300),
 * BENCH_CONFLICT_MATTERS (30000), BENCH_CONFLICT_OTHER_FIRMS_PARTIES (0: rows of 50 other firms
 * in the same table, to see what sharing the trigram index costs), BENCH_CONFLICT_PG_PORT (55462),
 * Under row-level security PostgreSQL uses an index only for quals whose function is leakproof; the
 * project's provisioning declares pg_trgm's similarity_op LEAKPROOF, and the run reports whether it is.
 * Target: full check p95 < 50 ms.
 */
import 'reflect-metadata';
import { postgresDataDir } from '@lawfirm/dev-stack';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { uuidv7 } from '@lawfirm/contracts';
import { createDataSource, runMigrations, withTenant } from '@lawfirm/database';
import { startPostgres, type PostgresCluster } from '@lawfirm/dev-postgres';
import {
  ConflictIndexRepository,
  FUZZY_THRESHOLD,
} from '../services/intake/src/conflicts/conflict-index.repository';
import { ConflictRepository } from '../services/intake/src/conflicts/conflict.repository';
import { ConflictService } from '../services/intake/src/conflicts/conflict.service';
import type { ConflictQueryName } from '../services/intake/src/conflicts/conflict.types';
import { normalizeName, type NameKind } from '../services/intake/src/conflicts/name-normalizer';
import { ENTITIES, MIGRATIONS } from '../services/intake/src/database';
import { log, machineLine, ms, percentile, printTable, sortedCopy } from './support';

const PG_PORT = Number(process.env.BENCH_CONFLICT_PG_PORT ?? 55462);
const PG_DIR = postgresDataDir('bench-conflicts');
const PARTIES = Number(process.env.BENCH_CONFLICT_PARTIES ?? 100_000);
const CHECKS = Number(process.env.BENCH_CONFLICT_CHECKS ?? 300);
const MATTERS = Math.min(Number(process.env.BENCH_CONFLICT_MATTERS ?? 30_000), PARTIES);
const OTHER_FIRMS_PARTIES = Number(process.env.BENCH_CONFLICT_OTHER_FIRMS_PARTIES ?? 0);
const OTHER_FIRMS = 50;
let trgmLeakproof = false;
const WARMUP_CHECKS = 30;
const INSERT_BATCH = 1000;
const TARGET_P95_MS = 50;

// ---------------------------------------------------------------------------------------------
// Names. A seeded generator, so every run loads and probes the same names.

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number): boolean => random() < p;

const GIVEN =
  `James Mary Robert Patricia John Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph
  Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa Matthew Margaret Anthony Betty Mark Sandra Donald Ashley
  Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy
  Stephanie Ronald Rebecca Edward Sharon Jason Laura Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas Shirley
  Eric Anna Jonathan Brenda Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon Samantha Benjamin Katherine Samuel
  Christine Gregory Debra Alexander Rachel Frank Carolyn Patrick Janet Raymond Catherine Jack Maria Dennis Heather Jerry
  Diane Tyler Ruth Aaron Julie Jose Olivia Adam Joyce Nathan Virginia Henry Victoria Douglas Kelly Zachary Lauren Peter
  Christina Kyle Joan Ethan Evelyn Walter Judith Noah Megan Jeremy Andrea Christian Cheryl Keith Hannah Roger Jacqueline
  Terry Martha Gerald Gloria Harold Teresa Sean Ann Austin Sara Carl Madison Arthur Frances Lawrence Kathryn Dylan Janice
  Jesse Jean Jordan Abigail Bryan Alice Billy Judy Joe Sophia Bruce Grace Gabriel Denise Logan Amber Albert Doris Willie
  Marilyn Alan Danielle Juan Beverly Wayne Isabella Elijah Theresa Randy Diana Roy Natalie Vincent Brittany Ralph Charlotte
  Eugene Marie Russell Kayla Bobby Alexis Mason Lori Philip Priya Arjun Wei Mei Hiroshi Yuki Olusegun Chiamaka Søren Ingrid
  Łukasz Zofia José Lucía François Amélie Björn Astrid Mohammed Fatima Nguyen Linh Siobhán Declan Ana Mateo`.split(
    /\s+/,
  );

const FAMILY =
  `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
  Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker
  Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
  Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
  Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
  James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins
  Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson
  Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar
  Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen
  Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
  Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels
  Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Peters
  Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Ray Berry Perkins
  Hoffman Johnston Matthews Pena Richards Willis Carpenter Lawrence Sandoval O'Connor O'Brien McAllister Lindqvist Müller
  Schröder Wiśniewski Kowalczyk Dubois Lefèvre Ekström Raghunathan Okafor Adeyemi Papadopoulos Yamamoto Tanaka Al-Farsi
  Haddad Boateng Castellanos Vandermeer Ivanova Bianchi Fitzgerald Abernathy Whitfield Delacroix Hartley`.split(
    /\s+/,
  );

const PLACES =
  `Harbor Cascade Summit Granite Oakmont Redwood Bayside Lakeshore Pinecrest Riverbend Stonebridge Ironwood
  Falcon Eagle Kestrel Heron Cedar Maple Willow Aspen Juniper Magnolia Cypress Sequoia Alder Birch Hawthorne Evergreen
  Northgate Southport Eastbrook Westfield Highland Lowland Meadow Prairie Canyon Mesa Tidewater Coastal Atlantic Pacific
  Gulf Sierra Rocky Blue Ridge Silver Golden Copper Emerald Sapphire Crystal Sunrise Sunset Horizon Meridian Zenith
  Apex Vertex Pinnacle Keystone Cornerstone Lighthouse Anchor Beacon Compass Atlas Orion Polaris Gemini Aurora Phoenix
  Titan Triton Neptune Mercury Hudson Potomac Columbia Delaware Shenandoah Chesapeake Piedmont Ozark Cumberland Allegheny
  Wabash Brazos Sabine Yukon Tahoe Sonoma Napa Mendocino Monterey Carmel`.split(/\s+/);
const NOUNS =
  `Point Creek Valley Ridge Hill Grove Park Crossing Bridge Harbor Bay Springs Falls Lake River Field Stone Gate
  Rock Wood Brook Hollow Landing Station Square Tower Mill Forge Works Street Lane Heights Shore Isle Trail Peak
  Hills`.split(/\s+/);
const INDUSTRIES =
  `Logistics Capital Partners Holdings Pharmaceuticals Biotech Software Systems Technologies Analytics
  Construction Builders Realty Properties Development Energy Solar Power Mining Minerals Timber Paper Steel Fabricators
  Manufacturing Industries Foods Dairy Farms Vineyards Brewing Distillers Hospitality Hotels Restaurants Insurance Bank
  Savings Trust Advisors Asset Management Consulting Engineering Architects Medical Dental Health Pediatrics Orthopedics
  Diagnostics Laboratories Robotics Aerospace Marine Shipping Freight Trucking Airlines Telecom Media Publishing Cinemas
  Entertainment Apparel Textiles Cosmetics Retail Imports Exports Trading Security Services Staffing Recycling Waste
  Management Plumbing Electric Roofing Landscaping Paving Florists Bakery`.split(/\s+/);
const QUALIFIERS =
  `Group International Global National Regional American Northern Southern Western Eastern United
  Associated Consolidated General Premier First Second Union`.split(/\s+/);
const COMPANY_SUFFIXES =
  `Inc. LLC Ltd. Corp. Corporation Company Co. L.P. LLP PLC GmbH AG S.A. B.V. N.V. P.C. PLLC
  Limited Incorporated`.split(/\s+/);
const HONORIFICS = ['Dr.', 'Mr.', 'Ms.', 'Mrs.', 'Prof.'];
const GENERATIONS = ['Jr.', 'Sr.', 'II', 'III'];

interface Party {
  kind: NameKind;
  name: string;
}

function companyName(): string {
  const suffix = chance(0.75) ? ` ${pick(COMPANY_SUFFIXES)}` : '';
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${pick(PLACES)} ${pick(NOUNS)} ${pick(INDUSTRIES)}${suffix}`;
    case 1:
      return `${pick(FAMILY)} & ${pick(FAMILY)} ${pick(INDUSTRIES)}${suffix}`;
    case 2:
      return `${pick(FAMILY)} ${pick(INDUSTRIES)} ${pick(QUALIFIERS)}${suffix}`;
    case 3:
      return `The ${pick(PLACES)} ${pick(INDUSTRIES)} ${pick(QUALIFIERS)}${suffix}`;
    case 4:
      return `${pick(PLACES)} ${pick(INDUSTRIES)} & ${pick(INDUSTRIES)}${suffix}`;
    default:
      return `${pick(QUALIFIERS)} ${pick(PLACES)} ${pick(INDUSTRIES)}${suffix}`;
  }
}

function personName(): string {
  const given = pick(GIVEN);
  const family = pick(FAMILY);
  const middle = chance(0.3) ? ` ${String.fromCharCode(65 + Math.floor(random() * 26))}.` : '';
  const honorific = chance(0.08) ? `${pick(HONORIFICS)} ` : '';
  const generation = chance(0.05) ? ` ${pick(GENERATIONS)}` : '';
  return chance(0.15)
    ? `${family}, ${given}${middle}`
    : `${honorific}${given}${middle} ${family}${generation}`;
}

function party(): Party {
  return chance(0.55) ? { kind: 'company', name: companyName() } : { kind: 'person', name: personName() };
}

/** One or two edits (substitution, deletion, insertion, transposition) inside words of 5+ letters. */
function withTypos(name: string): string {
  let result = name;
  const edits = chance(0.6) ? 1 : 2;
  for (let edit = 0; edit < edits; edit += 1) {
    const words = result.split(' ');
    const candidates = words
      .map((word, index) => ({ word, index }))
      .filter(({ word }) => /^[A-Za-z]{5,}$/.test(word));
    if (candidates.length === 0) break;
    const { word, index } = pick(candidates);
    const at = 1 + Math.floor(random() * (word.length - 2));
    const letter = String.fromCharCode(97 + Math.floor(random() * 26));
    const op = Math.floor(random() * 4);
    const edited =
      op === 0
        ? word.slice(0, at) + letter + word.slice(at + 1)
        : op === 1
          ? word.slice(0, at) + word.slice(at + 1)
          : op === 2
            ? word.slice(0, at) + letter + word.slice(at)
            : word.slice(0, at) + (word[at + 1] ?? '') + word[at] + word.slice(at + 2);
    words[index] = edited;
    result = words.join(' ');
  }
  return result;
}

/** A recorded name as a clerk might type it: other case, other suffix, "Last, First", no honorific. */
function restyled(recorded: Party): string {
  if (recorded.kind === 'company') {
    const bare = recorded.name.replace(
      /\s+(Inc\.|LLC|Ltd\.|Corp\.|Corporation|Company|Co\.|L\.P\.|LLP|PLC|GmbH|AG|S\.A\.|B\.V\.|N\.V\.|P\.C\.|PLLC|Limited|Incorporated)$/,
      '',
    );
    return chance(0.5) ? `${bare} ${pick(COMPANY_SUFFIXES)}` : bare.toUpperCase();
  }
  const plain = recorded.name.replace(/^(Dr\.|Mr\.|Ms\.|Mrs\.|Prof\.) /, '');
  const match = /^([^ ,]+)(?: [A-Z]\.)? (.+?)(?: (?:Jr\.|Sr\.|II|III))?$/.exec(plain);
  return match && !plain.includes(',') ? `${match[2]}, ${match[1]}` : plain.toLowerCase();
}

const INVENTED =
  `zor vex qua jin plo xan kri muv tze yub fen dro glo nix pax rul sim tav ulm wek yor zef bix cuv`.split(
    ' ',
  );
function inventedWord(): string {
  const word = pick(INVENTED) + pick(INVENTED) + (chance(0.5) ? pick(INVENTED) : '');
  return word[0]!.toUpperCase() + word.slice(1);
}
/** A name from syllables no generator above uses: it should hit nothing (or a stray fuzzy hit). */
function unrecordedName(): Party {
  return chance(0.5)
    ? {
        kind: 'company',
        name: `${inventedWord()} ${inventedWord()}${chance(0.5) ? ` ${pick(COMPANY_SUFFIXES)}` : ''}`,
      }
    : { kind: 'person', name: `${inventedWord()} ${inventedWord()}` };
}

type CheckCategory = 'recorded, restyled' | 'recorded, 1-2 typos' | 'not recorded';
interface Check {
  category: CheckCategory;
  names: ConflictQueryName[];
}

function buildChecks(parties: Party[], count: number): Check[] {
  const categories: CheckCategory[] = ['recorded, restyled', 'recorded, 1-2 typos', 'not recorded'];
  return Array.from({ length: count }, (_unused, index) => {
    const category = categories[index % categories.length] as CheckCategory;
    const size = chance(0.5) ? 1 : chance(0.6) ? 2 : 3;
    const names = Array.from({ length: size }, (): ConflictQueryName => {
      if (category === 'not recorded') return unrecordedName();
      const recorded = pick(parties);
      const name = category === 'recorded, restyled' ? restyled(recorded) : withTypos(recorded.name);
      // Clerks often leave the kind out; the API allows it.
      return chance(0.7) ? { name, kind: recorded.kind } : { name };
    });
    return { category, names };
  });
}

// ---------------------------------------------------------------------------------------------
// Loading.

async function loadFirm(owner: Client, firmId: string, parties: Party[], matters: number): Promise<void> {
  await owner.query('BEGIN');
  await owner.query(`SELECT set_config('app.firm_id', $1, true)`, [firmId]);
  const ids = parties.map(() => uuidv7());
  for (let start = 0; start < parties.length; start += INSERT_BATCH) {
    const batch = parties.slice(start, start + INSERT_BATCH);
    const clientValues: unknown[] = [];
    const indexValues: unknown[] = [];
    batch.forEach((recorded, offset) => {
      const id = ids[start + offset] as string;
      const { normalized, matchKey, givenKey, familyName } = normalizeName(recorded.name, recorded.kind);
      clientValues.push(id, firmId, recorded.kind, recorded.name);
      indexValues.push(
        uuidv7(),
        firmId,
        id,
        recorded.name,
        recorded.kind,
        normalized,
        matchKey,
        givenKey,
        familyName,
      );
    });
    await owner.query(
      `INSERT INTO clients (id, firm_id, kind, name) VALUES ${batch.map((_p, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`).join(', ')}`,
      clientValues,
    );
    await owner.query(
      `INSERT INTO conflict_index (id, firm_id, ref_type, ref_id, display_name, name_type, kind, normalized, match_key, given_key, family_name)
       VALUES ${batch.map((_p, i) => `($${i * 9 + 1}, $${i * 9 + 2}, 'client', $${i * 9 + 3}, $${i * 9 + 4}, 'primary', $${i * 9 + 5}, $${i * 9 + 6}, $${i * 9 + 7}, $${i * 9 + 8}, $${i * 9 + 9})`).join(', ')}`,
      indexValues,
    );
  }
  // Matters for the first clients: a check also looks up where every hit appears.
  for (let start = 0; start < matters; start += INSERT_BATCH) {
    const count = Math.min(INSERT_BATCH, matters - start);
    const values: unknown[] = [];
    for (let i = 0; i < count; i += 1)
      values.push(
        uuidv7(),
        firmId,
        ids[start + i],
        `2026-${String(start + i + 1).padStart(6, '0')}`,
        `Matter ${start + i + 1}`,
      );
    await owner.query(
      `INSERT INTO matters (id, firm_id, client_id, number, title, status)
       VALUES ${Array.from({ length: count }, (_u, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5}, 'open')`).join(', ')}`,
      values,
    );
  }
  await owner.query('COMMIT');
}

// ---------------------------------------------------------------------------------------------
// Measuring.

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function summary(label: string, samples: number[], extra = ''): string[] {
  const sorted = sortedCopy(samples);
  const mean = samples.reduce((sum, value) => sum + value, 0) / Math.max(1, samples.length);
  return [
    label,
    String(samples.length),
    ms(percentile(sorted, 50), 2),
    ms(percentile(sorted, 95), 2),
    ms(percentile(sorted, 99), 2),
    ms(mean, 2),
    extra,
  ];
}

async function main(): Promise<void> {
  log(`[bench] starting PostgreSQL on ${PG_PORT} (${PG_DIR})`);
  let cluster: PostgresCluster | undefined;
  let appData: DataSource | undefined;
  let owner: Client | undefined;
  let superuser: Client | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await appData?.destroy().catch(() => undefined);
    await owner?.end().catch(() => undefined);
    await superuser?.end().catch(() => undefined);
    try {
      cluster?.stop();
    } catch (error) {
      log(`[bench] PostgreSQL stop failed: ${String(error)}`);
    }
  };
  const onSignal = (): void => {
    log('[bench] interrupted; stopping PostgreSQL');
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    cluster = await startPostgres({ port: PG_PORT, dataDir: PG_DIR, quiet: true });
    const applied = await runMigrations(
      {
        url: cluster.ownerUrl('intake'),
        entities: ENTITIES,
        migrations: MIGRATIONS,
        applicationName: 'bench-conflict-check',
      },
      cluster.appRole('intake'),
    );
    log(`[bench] intake migrated (${applied.length ? applied.join(', ') : 'already up to date'})`);

    const intakeAsSuperuser = new URL(cluster.superuserUrl);
    intakeAsSuperuser.pathname = '/intake';
    superuser = new Client({
      connectionString: intakeAsSuperuser.toString(),
      application_name: 'bench-conflict-check-admin',
    });
    await superuser.connect();
    const leakproof = await superuser.query<{ proleakproof: boolean }>(
      `SELECT proleakproof FROM pg_proc WHERE proname = 'similarity_op'`,
    );
    trgmLeakproof = leakproof.rows[0]?.proleakproof === true;

    owner = new Client({
      connectionString: cluster.ownerUrl('intake'),
      application_name: 'bench-conflict-check-load',
    });
    await owner.connect();
    // This cluster is the benchmark's own: start from an empty index every run.
    await owner.query('TRUNCATE conflict_index, matters, clients CASCADE');

    const firmId = randomUUID();
    const parties = Array.from({ length: PARTIES }, party);
    const checks = buildChecks(parties, CHECKS);
    const warmupChecks = buildChecks(parties, WARMUP_CHECKS);
    log(
      `[bench] loading ${PARTIES.toLocaleString('en')} parties (${MATTERS.toLocaleString('en')} with a matter) for firm ${firmId}`,
    );
    const loadStarted = nowMs();
    await loadFirm(owner, firmId, parties, MATTERS);
    for (let firm = 0; firm < OTHER_FIRMS && OTHER_FIRMS_PARTIES > 0; firm += 1) {
      const share = Math.ceil(OTHER_FIRMS_PARTIES / OTHER_FIRMS);
      await loadFirm(owner, randomUUID(), Array.from({ length: share }, party), 0);
    }
    await owner.query('ANALYZE conflict_index');
    await owner.query('ANALYZE clients');
    await owner.query('ANALYZE matters');
    const loadSeconds = (nowMs() - loadStarted) / 1000;
    const sizes = (
      await owner.query<{ rows: string; table_size: string; trgm_size: string }>(
        `SELECT (SELECT reltuples::bigint FROM pg_class WHERE relname = 'conflict_index')::text AS rows,
                pg_size_pretty(pg_table_size('conflict_index')) AS table_size,
                pg_size_pretty(pg_relation_size('conflict_index_trgm')) AS trgm_size`,
      )
    ).rows[0];
    const distinctKeys = new Set(
      parties.map((recorded) => normalizeName(recorded.name, recorded.kind).matchKey),
    ).size;

    appData = createDataSource({
      url: cluster.appUrl('intake'),
      entities: ENTITIES,
      applicationName: 'bench-conflict-check',
      poolSize: 2,
    });
    await appData.initialize();
    const dataSource = appData;
    const nameIndex = new ConflictIndexRepository();
    const conflicts = new ConflictService(dataSource, nameIndex, new ConflictRepository());

    const fullCheck = (check: Check) =>
      withTenant(dataSource, firmId, (manager) => conflicts.search(manager, check.names));
    const searchOnly = (check: Check) =>
      withTenant(dataSource, firmId, async (manager) => {
        let rows = 0;
        for (const query of check.names) {
          const { matchKey, givenKey, familyName } = normalizeName(query.name, query.kind);
          rows += (await nameIndex.search(manager, matchKey)).length;
          if (givenKey && familyName)
            rows += (await nameIndex.searchVariants(manager, matchKey, givenKey, familyName)).length;
        }
        return rows;
      });
    const exactLookup = (check: Check) =>
      withTenant(dataSource, firmId, async (manager) => {
        let rows = 0;
        for (const query of check.names) {
          const found: unknown[] = await manager.query(
            `SELECT ref_type, ref_id, display_name, name_type, kind, match_key FROM conflict_index WHERE match_key = $1`,
            [normalizeName(query.name, query.kind).matchKey],
          );
          rows += found.length;
        }
        return rows;
      });

    log(`[bench] warming up (${WARMUP_CHECKS} other checks, each way)`);
    for (const check of warmupChecks) {
      await fullCheck(check);
      await searchOnly(check);
      await exactLookup(check);
    }

    log(
      `[bench] measuring ${checks.length} checks (${checks.reduce((sum, check) => sum + check.names.length, 0)} names)`,
    );
    const full: Record<CheckCategory | 'all', number[]> = {
      all: [],
      'recorded, restyled': [],
      'recorded, 1-2 typos': [],
      'not recorded': [],
    };
    const hitCounts: Record<CheckCategory, number[]> = {
      'recorded, restyled': [],
      'recorded, 1-2 typos': [],
      'not recorded': [],
    };
    const search: number[] = [];
    const baseline: number[] = [];
    let baselineRows = 0;
    for (const [index, check] of checks.entries()) {
      // Alternate which runs first, so neither always meets a cache the other warmed.
      const order =
        index % 2 === 0
          ? (['full', 'search', 'baseline'] as const)
          : (['baseline', 'search', 'full'] as const);
      for (const step of order) {
        const started = nowMs();
        if (step === 'full') {
          const hits = await fullCheck(check);
          const elapsed = nowMs() - started;
          full.all.push(elapsed);
          full[check.category].push(elapsed);
          hitCounts[check.category].push(hits.length);
        } else if (step === 'search') {
          await searchOnly(check);
          search.push(nowMs() - started);
        } else {
          baselineRows += await exactLookup(check);
          baseline.push(nowMs() - started);
        }
      }
    }

    const fuzzyProbe = checks.find((check) => check.category === 'recorded, 1-2 typos')?.names[0];
    const fuzzyKey = normalizeName(fuzzyProbe?.name ?? 'Harbr Point Logistics', fuzzyProbe?.kind).matchKey;
    const plan = await withTenant(dataSource, firmId, async (manager) => {
      await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [
        String(FUZZY_THRESHOLD),
      ]);
      const rows: Array<{ 'QUERY PLAN': string }> = await manager.query(
        `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
         SELECT ref_type, ref_id, display_name, name_type, kind, match_key, similarity(match_key, $1) AS score
           FROM conflict_index
          WHERE match_key = $1 OR match_key % $1
          ORDER BY score DESC, display_name`,
        [fuzzyKey],
      );
      return rows.map((row) => row['QUERY PLAN']);
    });

    const mean = (values: number[]): string =>
      (values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)).toFixed(1);
    const sortedFull = sortedCopy(full.all);
    const sortedBaseline = sortedCopy(baseline);
    const p95 = percentile(sortedFull, 95);

    console.log(`\nconflict-check: ${machineLine()}`);
    console.log(
      `conflict_index: ${PARTIES.toLocaleString('en')} parties for one firm (${distinctKeys.toLocaleString('en')} distinct match keys)` +
        `${OTHER_FIRMS_PARTIES ? ` + ${OTHER_FIRMS_PARTIES.toLocaleString('en')} of ${OTHER_FIRMS} other firms` : ''}, ` +
        `${sizes?.rows} rows, table ${sizes?.table_size}, trigram index ${sizes?.trgm_size}; ` +
        `${MATTERS.toLocaleString('en')} matters; loaded and analysed in ${loadSeconds.toFixed(1)} s; FUZZY_THRESHOLD ${FUZZY_THRESHOLD}`,
    );
    console.log(
      trgmLeakproof
        ? 'pg_trgm similarity_op: LEAKPROOF, as the project provisions it (the trigram index can serve the app role under RLS)'
        : 'pg_trgm similarity_op: NOT leakproof — this cluster was not provisioned by the project; the trigram index cannot be used under RLS',
    );
    console.log(
      `checks: ${checks.length}, 1–3 names each, one at a time over the app role (pool of 2), inside withTenant\n`,
    );
    printTable([
      ['', 'checks', 'p50', 'p95', 'p99', 'mean', 'hits per check'],
      summary('full check (ConflictService.search)', full.all),
      summary('  recorded, restyled', full['recorded, restyled'], mean(hitCounts['recorded, restyled'])),
      summary('  recorded, 1-2 typos', full['recorded, 1-2 typos'], mean(hitCounts['recorded, 1-2 typos'])),
      summary('  not recorded', full['not recorded'], mean(hitCounts['not recorded'])),
      summary('name search only (exact + trigram + variants)', search),
      summary(
        'baseline: exact match_key lookup',
        baseline,
        `${(baselineRows / checks.length).toFixed(1)} rows`,
      ),
    ]);
    const ratio = (p: number): string =>
      (percentile(sortedFull, p) / percentile(sortedBaseline, p)).toFixed(1);
    console.log(
      `\nfull check / exact lookup: ${ratio(50)}× at p50, ${ratio(95)}× at p95, ${ratio(99)}× at p99`,
    );
    console.log(
      `target: full check p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'} (${ms(p95, 2)})`,
    );
    console.log(
      `\nEXPLAIN ANALYZE of one fuzzy probe (${JSON.stringify(fuzzyProbe?.name)} → key ${JSON.stringify(fuzzyKey)}):`,
    );
    for (const line of plan) console.log(`  ${line}`);
    console.log(
      plan.some((line) => line.includes('conflict_index_trgm'))
        ? '→ the trigram index (conflict_index_trgm) is used'
        : '→ the trigram index is NOT used',
    );
  } finally {
    log('[bench] stopping PostgreSQL');
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
