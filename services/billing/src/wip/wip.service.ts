import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import type { EventEnvelope, TimeEntryApprovedV1, TimeEntryReversedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '@lawfirm/platform';
import type { WipView } from './dto/wip.view';
import { WipRepository } from './wip.repository';

@Injectable()
export class WipService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly wip: WipRepository,
    private readonly matters: MatterProjectionService,
  ) {}

  /** Event handler: an approved time entry becomes work in progress (inside the consumer's transaction). */
  async recordApprovedTime(
    envelope: EventEnvelope<TimeEntryApprovedV1>,
    manager: EntityManager,
  ): Promise<void> {
    const approved = envelope.data;
    if (approved.minutes <= 0) return; // reversals arrive as their own event
    await this.wip.insertIfAbsent(manager, {
      firmId: envelope.firmId,
      timeEntryId: approved.timeEntryId,
      matterId: approved.matterId,
      timekeeperId: approved.timekeeperId,
      workDate: approved.workDate,
      minutes: approved.minutes,
      billedTenths: approved.billedTenths,
      narrative: approved.narrative,
      billable: approved.billable,
      approvedAt: new Date(approved.approvedAt),
      sourceEventId: envelope.id,
    });
  }

  /** A reversed entry leaves work in progress (billed time is corrected by a credit note instead). */
  async removeReversedTime(
    envelope: EventEnvelope<TimeEntryReversedV1>,
    manager: EntityManager,
  ): Promise<void> {
    await this.wip.remove(manager, envelope.data.reversedEntryId);
  }

  async forMatter(
    actor: Actor,
    matterId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<WipView> {
    const after = decodeCursor(cursor, 'date');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const [matter, totals, rows] = [
        await this.matters.find(manager, matterId),
        await this.wip.totals(manager, matterId),
        await this.wip.page(manager, matterId, limit, after),
      ];
      if (!matter && totals.entryCount === 0) throw new NotFoundError('matter', matterId);
      const page = toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.workDate, id: row.timeEntryId }),
        (row) => ({
          timeEntryId: row.timeEntryId,
          timekeeperId: row.timekeeperId,
          workDate: row.workDate,
          minutes: row.minutes,
          billedTenths: row.billedTenths,
          narrative: row.narrative,
          billable: row.billable,
          approvedAt: row.approvedAt.toISOString(),
        }),
      );
      return { matterId, ...totals, ...page };
    });
  }
}
