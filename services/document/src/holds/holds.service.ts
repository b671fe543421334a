import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import type { HoldView } from './dto/hold.dto';
import type { LegalHold } from './legal-hold.entity';
import { HoldsRepository } from './holds.repository';

export class HoldAlreadyReleasedError extends DomainError {
  constructor(holdId: string) {
    super('conflict', 'hold_already_released', `Legal hold ${holdId} was already released.`);
  }
}

/** Legal holds on matters: placed and released (both audited); other features ask whether a matter is held. */
@Injectable()
export class HoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly holds: HoldsRepository,
    private readonly matters: MatterProjectionService,
  ) {}

  async place(actor: Actor, matterId: string, reason: string): Promise<HoldView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      await this.holds.lockMatter(manager, actor.firmId, matterId);
      const hold: LegalHold = {
        firmId: actor.firmId,
        id: randomUUID(),
        matterId,
        reason,
        placedBy: actor.subject,
        placedAt: new Date(),
        releasedBy: null,
        releasedAt: null,
      };
      await this.holds.insert(manager, hold);
      await recordChange(manager, actor, {
        action: 'document.hold-placed',
        resourceType: 'legal-hold',
        resourceId: hold.id,
        details: { matterId, reason },
      });
      return viewOf(hold);
    });
  }

  async release(actor: Actor, holdId: string): Promise<HoldView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const hold = await this.holds.find(manager, holdId);
      if (!hold) throw new NotFoundError('hold', holdId);
      await this.holds.lockMatter(manager, actor.firmId, hold.matterId);
      if (hold.releasedAt) throw new HoldAlreadyReleasedError(holdId);
      const releasedAt = new Date();
      await this.holds.release(manager, holdId, actor.subject, releasedAt);
      await recordChange(manager, actor, {
        action: 'document.hold-released',
        resourceType: 'legal-hold',
        resourceId: holdId,
        details: { matterId: hold.matterId },
      });
      return viewOf({ ...hold, releasedBy: actor.subject, releasedAt });
    });
  }

  async list(actor: Actor, matterId: string): Promise<HoldView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      return (await this.holds.all(manager, matterId)).map(viewOf);
    });
  }

  /**
   * The matter's unreleased holds, with the matter locked against a hold being placed until the
   * caller's transaction ends: a destruction that finds none cannot race a new hold.
   */
  async activeHoldsLocked(manager: EntityManager, firmId: string, matterId: string): Promise<string[]> {
    await this.holds.lockMatter(manager, firmId, matterId);
    return (await this.holds.active(manager, matterId)).map((hold) => hold.id);
  }
}

function viewOf(hold: LegalHold): HoldView {
  return {
    id: hold.id,
    matterId: hold.matterId,
    reason: hold.reason,
    placedBy: hold.placedBy,
    placedAt: hold.placedAt.toISOString(),
    releasedBy: hold.releasedBy,
    releasedAt: hold.releasedAt?.toISOString() ?? null,
  };
}
