import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { ConflictIndexRepository, type IndexRow, type VariantRule } from './conflict-index.repository';
import { AlreadySignedOffError, NothingToSignOffError } from './conflict.exception';
import { ConflictRepository, type StoredCheckRow } from './conflict.repository';
import type { ConflictHit, ConflictQueryName, IndexedName, RefType, SignoffDecision } from './conflict.types';
import { explainMatch, normalizeName } from './name-normalizer';

// What other features may use of conflicts besides the service.
export type { ConflictQueryName, SignoffDecision } from './conflict.types';
export { ConflictCheckView as ConflictCheckViewDto, SignOffDto } from './dto/conflict-check.dto';

/**
 * What a hit by given-name family weighs when its whole-name similarity is lower: the same family
 * name above one that sounds alike above one spelled alike.
 */
const VARIANT_SCORES: Record<VariantRule, number> = { 'name-variant': 0.8, phonetic: 0.7, fuzzy: 0.6 };
/** A hit reached through a relationship weighs a little less than a direct one. */
const RELATIONSHIP_WEIGHT = 0.9;
/** The unique key that keeps one decision per check (conflict-signoff.entity.ts). */
const CONFLICT_SIGNOFFS_ONE_PER_CHECK = 'conflict_signoffs_check_id_key';
/** Roles in which being the record itself is not a conflict for its own new matter. */
const FRIENDLY_ROLES = new Set(['client', 'co-party']);

export interface ConflictCheckView {
  id: string;
  matterId: string | null;
  purpose: string;
  query: ConflictQueryName[];
  hits: ConflictHit[];
  hitCount: number;
  status: 'cleared-automatically' | 'awaiting-sign-off' | 'cleared' | 'waived' | 'declined';
  runBy: string;
  createdAt: string;
  signOff: {
    decision: string;
    waiverReference: string | null;
    reason: string | null;
    signedBy: string;
    signedAt: string;
  } | null;
}

/**
 * The conflict-of-interest engine: searches every name the firm has recorded (clients, other
 * parties, related entities, leads, with their alternate names) with a clerk's normalisation,
 * nicknames, token order and typo tolerance, expands hits through relationships, ranks them,
 * and stores each check immutably with what it found.
 */
@Injectable()
export class ConflictService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nameIndex: ConflictIndexRepository,
    private readonly checks: ConflictRepository,
  ) {}

  /** A search on its own (a lead, a lateral hire): stored like any check, tied to no matter. */
  run(actor: Actor, queries: ConflictQueryName[], purpose: string): Promise<ConflictCheckView> {
    return withTenant(this.dataSource, actor.firmId, (manager) =>
      this.runAndStore(manager, actor, { queries, purpose }),
    );
  }

  async view(actor: Actor, id: string): Promise<ConflictCheckView> {
    return withTenant(this.dataSource, actor.firmId, (manager) => this.viewWithin(manager, id));
  }

  async viewWithin(manager: EntityManager, id: string): Promise<ConflictCheckView> {
    return toCheckView(await this.get(manager, id));
  }

  /**
   * Records an attorney's decision on a check with hits, in the caller's transaction, and answers
   * the matter the check was run for (if any): what that decision means for the matter is the
   * matters feature's business. A waiver needs the waiver's reference, a decline its reason.
   */
  async signOffWithin(
    manager: EntityManager,
    actor: Actor,
    checkId: string,
    decision: SignoffDecision,
    details: { waiverReference?: string; reason?: string },
  ): Promise<{ matterId: string | null }> {
    assertSignOffDetails(decision, details);
    await this.checks.lockForSignOff(manager, checkId);
    const check = await this.get(manager, checkId);
    if (check.decision === 'auto-cleared') throw new NothingToSignOffError(checkId);
    if (check.decision) throw new AlreadySignedOffError(checkId, check.decision);
    try {
      await this.checks.insertSignoff(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        checkId,
        decision,
        ...details,
        signedBy: actor.subject,
      });
    } catch (error) {
      // The lock above serialises sign-offs; should another path ever insert one unlocked, it is still a 409.
      if (isUniqueViolation(error, CONFLICT_SIGNOFFS_ONE_PER_CHECK)) throw new AlreadySignedOffError(checkId);
      throw error;
    }
    return { matterId: check.matter_id };
  }

  async search(manager: EntityManager, queries: ConflictQueryName[]): Promise<ConflictHit[]> {
    const direct: Array<{ query: ConflictQueryName; row: IndexRow }> = [];
    for (const query of queries) {
      const { matchKey, givenKey, familyName } = normalizeName(query.name, query.kind);
      for (const row of await this.nameIndex.search(manager, matchKey)) direct.push({ query, row });
      if (givenKey && familyName) {
        for (const row of await this.nameIndex.searchVariants(manager, matchKey, givenKey, familyName))
          direct.push({ query, row });
      }
    }
    const refIds = [...new Set(direct.map((hit) => hit.row.ref_id))];
    const related = await this.checks.relatedTo(manager, refIds);
    const allIds = [...new Set([...refIds, ...related.map((link) => link.relatedId)])];
    const matters = await this.checks.mattersOf(manager, allIds);
    const names = await this.checks.primaryNames(
      manager,
      direct.map((hit) => ({ type: hit.row.ref_type, id: hit.row.ref_id })),
    );

    const hits = new Map<string, ConflictHit>();
    const keep = (key: string, hit: ConflictHit): void => {
      const existing = hits.get(key);
      if (!existing || existing.score < hit.score) hits.set(key, hit);
    };
    for (const { query, row } of direct) {
      const rowMatters = matters.get(row.ref_id) ?? [];
      const isSelf = query.selfRef?.id === row.ref_id;
      if (isSelf && rowMatters.every((matter) => FRIENDLY_ROLES.has(matter.role))) continue;
      const exactKey = normalizeName(query.name, query.kind).matchKey === row.match_key;
      const variantScore = row.variant_rule ? VARIANT_SCORES[row.variant_rule] : 0;
      const score = exactKey ? 1 : Math.round(Math.max(row.score, variantScore) * 1000) / 1000;
      const rule = exactKey
        ? explainMatch(query.name, row.display_name, query.kind ?? row.kind ?? undefined)
        : (row.variant_rule ?? 'fuzzy');
      keep(`${query.name}|${row.ref_id}`, {
        query: query.name,
        record: {
          type: row.ref_type,
          id: row.ref_id,
          name: names.get(row.ref_id) ?? row.display_name,
          matchedName: row.display_name,
          nameType: row.name_type,
        },
        rule,
        score,
        matters: isSelf ? rowMatters.filter((matter) => !FRIENDLY_ROLES.has(matter.role)) : rowMatters,
      });
    }
    for (const hit of [...hits.values()]) {
      for (const link of related.filter((candidate) => candidate.sourceId === hit.record.id)) {
        if (queries.some((query) => query.selfRef?.id === link.relatedId)) continue;
        keep(`${hit.query}|${link.relatedId}`, {
          query: hit.query,
          record: {
            type: link.relatedType,
            id: link.relatedId,
            name: link.relatedName,
            matchedName: link.relatedName,
            nameType: 'related',
          },
          rule: `relationship:${link.relationship}`,
          score: Math.round(hit.score * RELATIONSHIP_WEIGHT * 1000) / 1000,
          matters: matters.get(link.relatedId) ?? [],
          via: {
            type: hit.record.type,
            id: hit.record.id,
            name: hit.record.name,
            relationship: link.relationship,
          },
        });
      }
    }
    return [...hits.values()].sort((a, b) => b.score - a.score || a.record.name.localeCompare(b.record.name));
  }

  /** Runs and stores a check inside the caller's transaction. */
  async runAndStore(
    manager: EntityManager,
    actor: Actor,
    input: { queries: ConflictQueryName[]; purpose: string; matterId?: string },
  ): Promise<ConflictCheckView> {
    const hits = await this.search(manager, input.queries);
    const id = uuidv7();
    await this.checks.insertCheck(manager, {
      id,
      firmId: actor.firmId,
      matterId: input.matterId ?? null,
      purpose: input.purpose,
      query: input.queries,
      hits,
      runBy: actor.subject,
    });
    if (hits.length === 0) {
      await this.checks.insertSignoff(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        checkId: id,
        decision: 'auto-cleared',
        signedBy: 'system',
      });
    }
    const stored = await this.checks.findCheck(manager, id);
    if (!stored) throw new Error(`conflict check ${id} vanished`);
    return toCheckView(stored);
  }

  private async get(manager: EntityManager, id: string): Promise<StoredCheckRow> {
    const check = await this.checks.findCheck(manager, id);
    if (!check) throw new NotFoundError('conflict_check', id);
    return check;
  }

  async listForMatter(manager: EntityManager, matterId: string): Promise<ConflictCheckView[]> {
    return (await this.checks.listForMatter(manager, matterId)).map(toCheckView);
  }

  /** Records names of a client, party, related entity or lead so later checks find them. */
  indexNames(
    manager: EntityManager,
    firmId: string,
    refType: RefType,
    refId: string,
    names: IndexedName[],
  ): Promise<void> {
    return this.nameIndex.index(manager, firmId, refType, refId, names);
  }

  /** Drops a record's names (or one of them) from the index. */
  unindex(manager: EntityManager, refId: string, name?: string): Promise<void> {
    return this.nameIndex.remove(manager, refId, name);
  }
}

/** The parts a decision needs, checked before anything is read: a waiver's reference, a decline's reason. */
function assertSignOffDetails(
  decision: SignoffDecision,
  details: { waiverReference?: string; reason?: string },
): void {
  if (decision === 'waived' && !details.waiverReference) {
    throw new ValidationFailedError([
      { field: 'waiverReference', message: 'a waiver needs the reference of the signed waiver' },
    ]);
  }
  if (decision === 'declined' && !details.reason) {
    throw new ValidationFailedError([{ field: 'reason', message: 'say why the matter is declined' }]);
  }
}

function toCheckView(row: StoredCheckRow): ConflictCheckView {
  const status: ConflictCheckView['status'] =
    row.decision === 'auto-cleared'
      ? 'cleared-automatically'
      : row.decision === 'cleared' || row.decision === 'waived' || row.decision === 'declined'
        ? row.decision
        : 'awaiting-sign-off';
  return {
    id: row.id,
    matterId: row.matter_id,
    purpose: row.purpose,
    query: row.query,
    hits: row.hits,
    hitCount: row.hit_count,
    status,
    runBy: row.run_by,
    createdAt: new Date(row.created_at).toISOString(),
    signOff:
      row.decision && row.signed_by && row.signed_at
        ? {
            decision: row.decision,
            waiverReference: row.waiver_reference,
            reason: row.reason,
            signedBy: row.signed_by,
            signedAt: new Date(row.signed_at).toISOString(),
          }
        : null,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: unknown; constraint?: unknown } | undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
