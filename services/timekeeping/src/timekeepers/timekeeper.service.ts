import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { uuidv7, type TimekeeperClassification } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import type { CreateTimekeeperDto, TimekeeperView, UpdateTimekeeperDto } from './dto/timekeeper.dto';
import {
  RecordingForOtherTimekeeperError,
  TimekeeperInactiveError,
  TimekeeperUnknownError,
  TimekeeperUserTakenError,
} from './timekeeper.exception';
import { ClassificationService } from './classification.service';
import { TimekeeperRepository, TIMEKEEPERS_USER_UNIQUE, type Timekeeper } from './timekeeper.repository';
import { isUniqueViolation } from '../unique-violation';
import { TIMEKEEPING_POLICY } from '../access-policy';

export interface ResolvedTimekeeper {
  timekeeperId: string;
  /** A LEDES code or one the firm registered; null for a caller without a profile. */
  classification: string | null;
  /** The LEDES 1998B code `classification` reports as. */
  ledesClassification: TimekeeperClassification | null;
  outsourced: boolean;
}

/** Roles that may record time on behalf of another timekeeper (e.g. a partner's time typed up by billing). */
export const RECORD_FOR_OTHERS_ROLES = TIMEKEEPING_POLICY['time-entry.create'].anyone;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TimekeeperService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keepers: TimekeeperRepository,
    private readonly classifications: ClassificationService,
  ) {}

  async create(actor: Actor, input: CreateTimekeeperDto): Promise<TimekeeperView> {
    try {
      return await withTenant(this.dataSource, actor.firmId, async (manager) => {
        const ledesClassification = await this.classifications.ledesCodeFor(manager, input.classification);
        const keeper = await this.keepers.insert(manager, {
          id: uuidv7(),
          firmId: actor.firmId,
          userId: input.userId ?? null,
          vendorId: input.vendorId ?? null,
          name: input.name,
          classification: input.classification,
          ledesClassification,
          active: true,
        });
        await this.audit(manager, actor, 'timekeeper.created', keeper, {
          classification: keeper.classification,
          userId: keeper.userId,
          vendorId: keeper.vendorId,
        });
        return toTimekeeperView(keeper);
      });
    } catch (error) {
      if (input.userId !== undefined && isUniqueViolation(error, TIMEKEEPERS_USER_UNIQUE))
        throw new TimekeeperUserTakenError(input.userId);
      throw error;
    }
  }

  /** Renames, reclassifies or (de)activates. Entries already recorded keep the classification they were recorded with. */
  async update(actor: Actor, id: string, input: UpdateTimekeeperDto): Promise<TimekeeperView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const keeper = await this.keepers.findForUpdate(manager, id);
      if (!keeper) throw new NotFoundError('timekeeper', id);
      const changes: Record<string, { from: string | boolean; to: string | boolean }> = {};
      for (const field of ['name', 'classification', 'active'] as const) {
        const value = input[field];
        if (value !== undefined && value !== keeper[field])
          changes[field] = { from: keeper[field], to: value };
      }
      if (Object.keys(changes).length === 0) return toTimekeeperView(keeper);
      const classification = input.classification ?? keeper.classification;
      const saved = await this.keepers.update(manager, {
        ...keeper,
        name: input.name ?? keeper.name,
        classification,
        ledesClassification: changes.classification
          ? await this.classifications.ledesCodeFor(manager, classification, keeper.classification)
          : keeper.ledesClassification,
        active: input.active ?? keeper.active,
      });
      await this.audit(manager, actor, 'timekeeper.updated', saved, { changes });
      return toTimekeeperView(saved);
    });
  }

  async get(actor: Actor, id: string): Promise<TimekeeperView> {
    const keeper = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.keepers.findById(manager, id),
    );
    if (!keeper) throw new NotFoundError('timekeeper', id);
    return toTimekeeperView(keeper);
  }

  async list(
    actor: Actor,
    filters: { active?: boolean },
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TimekeeperView>> {
    const after = decodeCursor(cursor, 'text');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.keepers.list(manager, limit, filters, after),
    );
    return toPage(rows, limit, (row) => ({ sortKey: row.name, id: row.id }), toTimekeeperView);
  }

  /**
   * Whose time an entry or timer is.
   * - `requestedTimekeeperId` (other than the caller's own user id): that timekeeper, which must
   *   exist and be active in the caller's firm (else 422 naming `timekeeperId`); recording for
   *   someone else needs one of RECORD_FOR_OTHERS_ROLES (else 403).
   * - otherwise the caller's own profile (user_id = actor.subject), which must be active.
   * - a caller without a profile keeps the behaviour from before profiles existed: the entry is
   *   theirs under their gateway subject, unclassified. Firms move a user over by creating a
   *   profile with their `userId`; later entries then carry the profile's id and classification.
   * Outsourced = the timekeeper is vendor staff, or the caller is a vendor.
   */
  async resolve(
    manager: EntityManager,
    actor: Actor,
    requestedTimekeeperId?: string,
  ): Promise<ResolvedTimekeeper> {
    const vendorCaller = actor.actorType === 'vendor';
    if (requestedTimekeeperId !== undefined && requestedTimekeeperId !== actor.subject) {
      const keeper = UUID.test(requestedTimekeeperId)
        ? await this.keepers.findById(manager, requestedTimekeeperId.toLowerCase())
        : null;
      if (!keeper) throw new TimekeeperUnknownError(requestedTimekeeperId);
      if (!keeper.active) throw new TimekeeperInactiveError(keeper.id);
      const mayRecordForOthers = actor.roles.some((role) =>
        (RECORD_FOR_OTHERS_ROLES as readonly string[]).includes(role),
      );
      if (keeper.userId !== actor.subject && !mayRecordForOthers)
        throw new RecordingForOtherTimekeeperError(RECORD_FOR_OTHERS_ROLES);
      return resolvedFrom(keeper, vendorCaller);
    }
    const own = await this.keepers.findByUser(manager, actor.subject);
    if (!own)
      return {
        timekeeperId: actor.subject,
        classification: null,
        ledesClassification: null,
        outsourced: vendorCaller,
      };
    if (!own.active) throw new TimekeeperInactiveError(own.id);
    return resolvedFrom(own, vendorCaller);
  }

  /**
   * Every timekeeper id the caller's own time may be under: their profile's id (active or not)
   * and their gateway subject (time recorded before they had a profile).
   */
  async ownIds(manager: EntityManager, actor: Actor): Promise<string[]> {
    const own = await this.keepers.findByUser(manager, actor.subject);
    return own ? [own.id, actor.subject] : [actor.subject];
  }

  private audit(
    manager: EntityManager,
    actor: Actor,
    action: string,
    keeper: Timekeeper,
    details: AuditDetails,
  ): Promise<void> {
    return recordChange(manager, actor, {
      action,
      resourceType: 'timekeeper',
      resourceId: keeper.id,
      details,
    });
  }
}

function resolvedFrom(keeper: Timekeeper, vendorCaller: boolean): ResolvedTimekeeper {
  return {
    timekeeperId: keeper.id,
    classification: keeper.classification,
    ledesClassification: keeper.ledesClassification,
    outsourced: keeper.vendorId !== null || vendorCaller,
  };
}

export function toTimekeeperView(keeper: Timekeeper): TimekeeperView {
  return {
    id: keeper.id,
    name: keeper.name,
    classification: keeper.classification,
    ledesClassification: keeper.ledesClassification,
    userId: keeper.userId,
    vendorId: keeper.vendorId,
    outsourced: keeper.vendorId !== null,
    active: keeper.active,
    createdAt: keeper.createdAt.toISOString(),
    updatedAt: keeper.updatedAt.toISOString(),
  };
}
