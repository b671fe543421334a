import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { DomainError, type FieldError } from '@lawfirm/errors';
import { evaluateEntry, GuidelineService, type CurrentGuideline } from '../guidelines/guideline.service';
import { TimekeeperService, type ResolvedTimekeeper } from '../timekeepers/timekeeper.service';
import { billedTenthsFor } from '@lawfirm/primitives';
import type { ImportResultView, ImportRowResultView } from './dto/import-batch.dto';
import { checkImportRow, repeatedInBatch, type ImportBatch, type ImportRow } from './import-row';
import { MatterService } from '../matters/matter.service';
import { ImportRejectedError } from './time-entry-import.exception';
import {
  TimeEntryImportRepository,
  type ImportedEntryRow,
  type ImportMatter,
} from './time-entry-import.repository';

interface PlacedRow {
  index: number;
  row: ImportRow;
  matter: ImportMatter;
  keeper: ResolvedTimekeeper;
}

const RACED_AWAY: FieldError = {
  field: 'externalId',
  message:
    'another import stored this externalId at the same moment and it is gone again; send the row again',
};
const DUPLICATE_IN_BATCH: FieldError = {
  field: 'externalId',
  message: 'duplicate externalId in batch: only its first row is imported',
};

/**
 * Bulk import of time entries (e.g. a firm's history from another system). Everything a
 * batch needs is loaded with one query per kind — the batch's external ids, its matters, each
 * client's guideline once — and the rows are written with one multi-row INSERT per chunk, all
 * in one tenant transaction. Each row is created exactly as POST /v1/time-entries would create
 * it: a draft on an open matter, billed tenths and guideline findings computed per row.
 */
@Injectable()
export class TimeEntryImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TimeEntryImportRepository,
    private readonly guidelines: GuidelineService,
    private readonly timekeepers: TimekeeperService,
    private readonly matters: MatterService,
  ) {}

  async importBatch(actor: Actor, batch: ImportBatch): Promise<ImportResultView> {
    const checks = batch.entries.map(checkImportRow);
    const externalIds = checks.map((check) => (check.ok ? check.row.externalId : check.externalId));
    const repeated = repeatedInBatch(externalIds);
    const results = new Array<ImportRowResultView>(checks.length);
    const failed = (index: number, errors: FieldError[]): void => {
      results[index] = { index, externalId: externalIds[index] ?? null, status: 'failed', errors };
    };

    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      // Duplicates first: a retried batch must answer "duplicate" for every row it stored
      // before, even if, say, the matter has closed since.
      const lookup = [
        ...new Set(externalIds.filter((id, index): id is string => id !== null && !repeated.has(index))),
      ];
      const existing = await this.repository.existingExternalIds(manager, actor.firmId, lookup);
      const wellFormed: Array<{ index: number; row: ImportRow }> = [];
      checks.forEach((check, index) => {
        const externalId = externalIds[index] ?? null;
        if (externalId !== null && repeated.has(index))
          return failed(index, [DUPLICATE_IN_BATCH, ...(check.ok ? [] : check.errors)]);
        const existingId = externalId === null ? undefined : existing.get(externalId);
        if (existingId !== undefined) {
          results[index] = { index, externalId, status: 'duplicate', id: existingId };
          return;
        }
        if (!check.ok) return failed(index, check.errors);
        wellFormed.push({ index, row: check.row });
      });

      const placed = await this.place(manager, actor, wellFormed, failed);
      const rows = await this.evaluate(manager, actor.firmId, placed);

      if (batch.mode === 'all-or-nothing' && results.some((result) => result?.status === 'failed')) {
        for (const { index, entry } of rows)
          results[index] = { index, externalId: entry.externalId, status: 'valid' };
        throw new ImportRejectedError(summarise(results));
      }

      const inserted = await this.repository.insertDrafts(
        manager,
        actor.firmId,
        actor.subject,
        rows.map((row) => row.entry),
      );
      // Rows another import stored while this one ran are duplicates of that one's entries.
      const raced = rows.filter(({ entry }) => !inserted.has(entry.externalId));
      const racedIds = await this.repository.existingExternalIds(
        manager,
        actor.firmId,
        raced.map(({ entry }) => entry.externalId),
      );
      for (const { index, entry } of rows) {
        const winnerId = racedIds.get(entry.externalId);
        if (inserted.has(entry.externalId)) {
          results[index] = { index, externalId: entry.externalId, status: 'created', id: entry.id };
        } else if (winnerId !== undefined) {
          results[index] = { index, externalId: entry.externalId, status: 'duplicate', id: winnerId };
        } else {
          // Skipped for a conflicting row that is gone again (e.g. deleted since): nothing was stored.
          failed(index, [RACED_AWAY]);
        }
      }

      const summary = summarise(results);
      if (summary.created > 0)
        await this.audit(
          manager,
          actor,
          batch,
          summary,
          rows.filter(({ entry }) => inserted.has(entry.externalId)),
        );
      return summary;
    });
  }

  /** Rows on an open matter of the firm, with whose time they are; the others are reported. */
  private async place(
    manager: EntityManager,
    actor: Actor,
    wellFormed: Array<{ index: number; row: ImportRow }>,
    failed: (index: number, errors: FieldError[]) => void,
  ): Promise<PlacedRow[]> {
    const matters = await this.repository.matters(manager, actor.firmId, [
      ...new Set(wellFormed.map(({ row }) => row.matterId)),
    ]);
    const keepers = await this.resolveTimekeepers(
      manager,
      actor,
      new Set(wellFormed.map(({ row }) => row.timekeeperId)),
    );
    const placed: PlacedRow[] = [];
    for (const { index, row } of wellFormed) {
      const checked = this.matters.checkOpen(matters.get(row.matterId));
      if ('problem' in checked) {
        failed(index, [checked.problem]);
        continue;
      }
      const matter = checked.open;
      const keeper = keepers.get(row.timekeeperId);
      if (!keeper || 'errors' in keeper) {
        failed(
          index,
          keeper?.errors ?? [{ field: 'timekeeperId', message: 'timekeeperId could not be resolved' }],
        );
        continue;
      }
      placed.push({ index, row, matter, keeper });
    }
    return placed;
  }

  /** Each distinct timekeeper once; one the resolver refuses fails only the rows that name it. */
  private async resolveTimekeepers(
    manager: EntityManager,
    actor: Actor,
    requested: Set<string | undefined>,
  ): Promise<Map<string | undefined, ResolvedTimekeeper | { errors: FieldError[] }>> {
    const resolved = new Map<string | undefined, ResolvedTimekeeper | { errors: FieldError[] }>();
    for (const timekeeperId of requested) {
      try {
        resolved.set(timekeeperId, await this.timekeepers.resolve(manager, actor, timekeeperId));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const errors = error.fieldErrors.length
          ? error.fieldErrors.map((fieldError) => ({ field: 'timekeeperId', message: fieldError.message }))
          : [{ field: 'timekeeperId', message: error.message }];
        resolved.set(timekeeperId, { errors });
      }
    }
    return resolved;
  }

  /**
   * Billed tenths and guideline findings per row, under each client's current guideline
   * (loaded once per client). For the daily cap, a row counts the minutes its timekeeper already
   * has that day for that client, plus those of the batch's earlier rows.
   */
  private async evaluate(
    manager: EntityManager,
    firmId: string,
    placed: PlacedRow[],
  ): Promise<Array<{ index: number; entry: ImportedEntryRow }>> {
    const clientIds = [...new Set(placed.map(({ matter }) => matter.clientId))];
    const guidelines = new Map<string, CurrentGuideline | null>();
    for (const clientId of clientIds)
      guidelines.set(clientId, await this.guidelines.current(manager, clientId));
    const minutesSameDay = await this.minutesAlreadyRecorded(manager, firmId, placed, guidelines);

    return placed.map(({ index, row, matter, keeper }) => {
      const key = dayKey(keeper.timekeeperId, row.workDate, matter.clientId);
      const before = minutesSameDay.get(key) ?? 0;
      const evaluation = evaluateEntry(
        guidelines.get(matter.clientId) ?? null,
        {
          clientId: matter.clientId,
          timekeeperId: keeper.timekeeperId,
          workDate: row.workDate,
          minutes: row.minutes,
          narrative: row.narrative,
          taskCode: row.taskCode,
          activityCode: row.activityCode,
        },
        before,
      );
      minutesSameDay.set(key, before + row.minutes);
      return {
        index,
        entry: {
          id: uuidv7(),
          matterId: row.matterId,
          timekeeperId: keeper.timekeeperId,
          classification: keeper.classification,
          ledesClassification: keeper.ledesClassification,
          outsourced: keeper.outsourced,
          workDate: row.workDate,
          minutes: row.minutes,
          billedTenths: billedTenthsFor(row.minutes, evaluation.incrementMinutes),
          narrative: row.narrative,
          billable: row.billable,
          taskCode: row.taskCode,
          activityCode: row.activityCode,
          guidelineVersion: evaluation.version,
          violations: evaluation.violations,
          externalId: row.externalId,
        },
      };
    });
  }

  /** Day totals already stored; only read when a client's guideline caps the hours per day. */
  private async minutesAlreadyRecorded(
    manager: EntityManager,
    firmId: string,
    placed: PlacedRow[],
    guidelines: Map<string, CurrentGuideline | null>,
  ): Promise<Map<string, number>> {
    const capped = placed.filter(
      ({ matter }) => guidelines.get(matter.clientId)?.rules.maxHoursPerDay !== undefined,
    );
    if (capped.length === 0) return new Map();
    const clientOf = await this.repository.mattersOfClients(manager, firmId, [
      ...new Set(capped.map(({ matter }) => matter.clientId)),
    ]);
    const perMatter = await this.repository.minutesPerDay(manager, firmId, {
      matterIds: [...clientOf.keys()],
      timekeeperIds: [...new Set(capped.map(({ keeper }) => keeper.timekeeperId))],
      workDates: [...new Set(capped.map(({ row }) => row.workDate))],
    });
    const totals = new Map<string, number>();
    for (const { timekeeperId, workDate, matterId, minutes } of perMatter) {
      const clientId = clientOf.get(matterId);
      if (clientId === undefined) continue;
      const key = dayKey(timekeeperId, workDate, clientId);
      totals.set(key, (totals.get(key) ?? 0) + minutes);
    }
    return totals;
  }

  /** One change record for the whole batch rather than one per row. */
  private async audit(
    manager: EntityManager,
    actor: Actor,
    batch: ImportBatch,
    summary: ImportResultView,
    created: Array<{ entry: ImportedEntryRow }>,
  ): Promise<void> {
    const first = created[0]?.entry;
    const last = created[created.length - 1]?.entry;
    await recordChange(manager, actor, {
      action: 'time-entry.imported',
      resourceType: 'time-entry-import',
      resourceId: uuidv7(),
      details: {
        mode: batch.mode,
        count: summary.created,
        duplicates: summary.duplicates,
        failed: summary.failed,
        // With nothing created there is no first or last: the keys are left out, as JSON always did.
        externalIds: first && last ? { first: first.externalId, last: last.externalId } : {},
        entryIds: first && last ? { first: first.id, last: last.id } : {},
      },
    });
  }
}

function dayKey(timekeeperId: string, workDate: string, clientId: string): string {
  return `${timekeeperId}\u0000${workDate}\u0000${clientId}`;
}

function summarise(results: ImportRowResultView[]): ImportResultView {
  let created = 0;
  let duplicates = 0;
  let failed = 0;
  for (const result of results) {
    if (result.status === 'created') created += 1;
    else if (result.status === 'duplicate') duplicates += 1;
    else if (result.status === 'failed') failed += 1;
  }
  return { created, duplicates, failed, results };
}
