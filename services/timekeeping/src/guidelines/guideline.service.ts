import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import type { BillingGuidelineView, PutBillingGuidelineDto } from './dto/billing-guideline.dto';
import { NoGuidelineError } from './guideline.exception';
import { GuidelineRepository, type GuidelineVersion } from './guideline.repository';
import { evaluateEntry } from './guideline.rules';
import type { CurrentGuideline, EntryForEvaluation, Evaluation, GuidelineRules } from './guideline.types';

// What other features may use of guidelines, besides this service.
export { evaluateEntry } from './guideline.rules';
export { GUIDELINE_MODES, ViolationView } from './dto/billing-guideline.dto';
export type { CurrentGuideline, Evaluation, GuidelineMode, Violation } from './guideline.types';

/**
 * Clients' outside-counsel billing guidelines, versioned: a change records a new version and never
 * rewrites an old one, so each entry's `guidelineVersion` keeps saying which rules it was billed under.
 */
@Injectable()
export class GuidelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guidelines: GuidelineRepository,
  ) {}

  /**
   * Evaluates an entry against the client's current guideline, in the caller's transaction. The daily
   * cap counts the timekeeper's other entries that day on any matter of the same client.
   */
  async evaluate(manager: EntityManager, entry: EntryForEvaluation): Promise<Evaluation> {
    const guideline = await this.current(manager, entry.clientId);
    const minutesSameDay =
      guideline?.rules.maxHoursPerDay !== undefined ? await this.minutesSameDay(manager, entry) : 0;
    return evaluateEntry(guideline, entry, minutesSameDay);
  }

  /** The client's guideline in force, or null (bulk paths load it once and evaluate in memory). */
  async current(manager: EntityManager, clientId: string): Promise<CurrentGuideline | null> {
    const latest = await this.guidelines.latest(manager, clientId);
    return latest
      ? { clientId: latest.clientId, version: latest.version, mode: latest.mode, rules: latest.rules }
      : null;
  }

  /** Minutes the entry's timekeeper already has that day for the entry's client (for `evaluateEntry`). */
  minutesSameDay(manager: EntityManager, entry: EntryForEvaluation): Promise<number> {
    return this.guidelines.minutesSameDay(manager, {
      clientId: entry.clientId,
      timekeeperId: entry.timekeeperId,
      workDate: entry.workDate,
      excludeEntryId: entry.excludeEntryId,
    });
  }

  /** Records the client's next guideline version and its audit record in one transaction. */
  async record(actor: Actor, clientId: string, input: PutBillingGuidelineDto): Promise<BillingGuidelineView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId);
      await this.guidelines.lockClient(manager, actor.firmId, clientId);
      const previous = await this.guidelines.latest(manager, clientId);
      const guideline = await this.guidelines.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        clientId,
        version: (previous?.version ?? 0) + 1,
        mode: input.mode,
        rules: plainRules(input.rules),
        createdBy: actor.subject,
      });
      await recordChange(manager, actor, {
        action: 'billing-guideline.version-recorded',
        resourceType: 'billing-guideline',
        resourceId: guideline.id,
        details: {
          clientId,
          version: guideline.version,
          previousVersion: previous?.version ?? null,
          mode: guideline.mode,
          rules: guideline.rules,
        },
      });
      return toGuidelineView(guideline);
    });
  }

  async get(actor: Actor, clientId: string): Promise<BillingGuidelineView> {
    const guideline = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId);
      return this.guidelines.latest(manager, clientId);
    });
    if (!guideline) throw new NoGuidelineError(clientId);
    return toGuidelineView(guideline);
  }

  /** Every version, newest first (empty when the client never had a guideline). */
  async versions(
    actor: Actor,
    clientId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<BillingGuidelineView>> {
    const beforeVersion = versionCursor(cursor);
    const rows = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId);
      return this.guidelines.versions(manager, clientId, limit, beforeVersion);
    });
    return toPage(rows, limit, (row) => ({ sortKey: String(row.version), id: row.id }), toGuidelineView);
  }

  /** Timekeeping knows a client only through its matters: one this firm never opened a matter for is not found. */
  private async requireClient(manager: EntityManager, clientId: string): Promise<void> {
    if (!(await this.guidelines.clientKnown(manager, clientId))) throw new NotFoundError('client', clientId);
  }
}

function versionCursor(cursor: string | undefined): number | undefined {
  const position = decodeCursor(cursor, 'integer');
  if (!position) return undefined;
  return Number(position.sortKey);
}

/** The rules as stored: only the fields given, as plain JSON (no DTO instance, no undefined keys). */
function plainRules(rules: GuidelineRules): GuidelineRules {
  const plain: GuidelineRules = {};
  if (rules.minIncrementMinutes !== undefined) plain.minIncrementMinutes = rules.minIncrementMinutes;
  if (rules.maxHoursPerDay !== undefined) plain.maxHoursPerDay = rules.maxHoursPerDay;
  if (rules.requireTaskCode !== undefined) plain.requireTaskCode = rules.requireTaskCode;
  if (rules.forbidBlockBilling !== undefined) plain.forbidBlockBilling = rules.forbidBlockBilling;
  if (rules.approvedTimekeeperIds !== undefined)
    plain.approvedTimekeeperIds = [...rules.approvedTimekeeperIds];
  if (rules.clericalPhrases !== undefined) plain.clericalPhrases = [...rules.clericalPhrases];
  if (rules.minNarrativeLength !== undefined) plain.minNarrativeLength = rules.minNarrativeLength;
  return plain;
}

export function toGuidelineView(guideline: GuidelineVersion): BillingGuidelineView {
  return {
    id: guideline.id,
    clientId: guideline.clientId,
    version: guideline.version,
    mode: guideline.mode,
    rules: guideline.rules,
    createdBy: guideline.createdBy,
    createdAt: guideline.createdAt.toISOString(),
  };
}
