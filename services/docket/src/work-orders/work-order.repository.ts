import { Injectable } from '@nestjs/common';
import { Brackets, type EntityManager } from 'typeorm';
import { WorkOrder } from './work-order.entity';
import { DELIVERED_STATUSES, OPEN_STATUSES, SLA_RUNNING_STATUSES } from './work-order.rules';

@Injectable()
export class WorkOrderRepository {
  async insert(manager: EntityManager, order: WorkOrder): Promise<void> {
    await manager.getRepository(WorkOrder).insert(order);
  }

  save(manager: EntityManager, order: WorkOrder): Promise<WorkOrder> {
    return manager.getRepository(WorkOrder).save(order);
  }

  /** The order, as its vendor may see it when `vendorId` is given (another vendor's order is not found). */
  find(manager: EntityManager, id: string, vendorId?: string): Promise<WorkOrder | null> {
    return manager.getRepository(WorkOrder).findOne({ where: vendorId ? { id, vendorId } : { id } });
  }

  lock(manager: EntityManager, id: string, vendorId?: string): Promise<WorkOrder | null> {
    const query = manager
      .getRepository(WorkOrder)
      .createQueryBuilder('work_order')
      .where('work_order.id = :id', { id })
      .setLock('pessimistic_write');
    if (vendorId) query.andWhere('work_order.vendor_id = :vendorId', { vendorId });
    return query.getOne();
  }

  /** A matter's work orders in the order they were created (ids are UUIDv7). */
  ofMatter(manager: EntityManager, matterId: string, limit: number): Promise<WorkOrder[]> {
    return manager
      .getRepository(WorkOrder)
      .createQueryBuilder('work_order')
      .where('work_order.matter_id = :matterId', { matterId })
      .orderBy('work_order.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** A client's open orders (locked): the ones a revoked consent may suspend. */
  lockOpenOfClient(manager: EntityManager, clientId: string): Promise<WorkOrder[]> {
    return manager
      .getRepository(WorkOrder)
      .createQueryBuilder('work_order')
      .where('work_order.client_id = :clientId', { clientId })
      .andWhere('work_order.status IN (:...statuses)', { statuses: OPEN_STATUSES })
      .orderBy('work_order.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * The firm's orders past due by `asOf` whose vendor still owes the work and whose breach nobody has
   * recorded, locked; rows another sweeper holds are skipped (FOR UPDATE SKIP LOCKED), so two sweepers
   * never report the same breach.
   */
  lockBreached(manager: EntityManager, asOf: Date, limit: number): Promise<WorkOrder[]> {
    return manager
      .getRepository(WorkOrder)
      .createQueryBuilder('work_order')
      .where('work_order.sla_breached_at IS NULL')
      .andWhere('work_order.due_at IS NOT NULL')
      .andWhere('work_order.due_at <= :asOf', { asOf })
      .andWhere('work_order.status IN (:...statuses)', { statuses: SLA_RUNNING_STATUSES })
      .orderBy('work_order.due_at', 'ASC')
      .addOrderBy('work_order.id', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** In the SLA sweep's cross-firm read scope: the firms with an order past due by `asOf` and not yet marked. */
  async firmsWithBreaches(manager: EntityManager, asOf: Date): Promise<string[]> {
    const rows = await manager
      .getRepository(WorkOrder)
      .createQueryBuilder('work_order')
      .select('DISTINCT work_order.firm_id', 'firmId')
      .where('work_order.sla_breached_at IS NULL')
      .andWhere('work_order.due_at IS NOT NULL')
      .andWhere('work_order.due_at <= :asOf', { asOf })
      .andWhere('work_order.status IN (:...statuses)', { statuses: SLA_RUNNING_STATUSES })
      .getRawMany<{ firmId: string }>();
    return rows.map((row) => row.firmId);
  }

  /**
   * What the vendor performance report reads: the orders the firm approved whose approved submission
   * falls in [from, to), and the orders whose vendor still owes the work past their due time at `asOf`.
   * Only the columns the figures need (instructions can be long).
   */
  forPerformance(manager: EntityManager, from: Date, to: Date, asOf: Date): Promise<WorkOrder[]> {
    return manager
      .getRepository(WorkOrder)
      .createQueryBuilder('work_order')
      .select([
        'work_order.id',
        'work_order.vendorId',
        'work_order.workType',
        'work_order.status',
        'work_order.acceptedAt',
        'work_order.submittedAt',
        'work_order.dueAt',
        'work_order.returnCount',
      ])
      .where(
        new Brackets((delivered) =>
          delivered
            .where('work_order.status IN (:...delivered)', { delivered: DELIVERED_STATUSES })
            .andWhere('work_order.submitted_at >= :from', { from })
            .andWhere('work_order.submitted_at < :to', { to }),
        ),
      )
      .orWhere(
        new Brackets((overdue) =>
          overdue
            .where('work_order.status IN (:...running)', { running: SLA_RUNNING_STATUSES })
            .andWhere('work_order.due_at <= :asOf', { asOf }),
        ),
      )
      .orderBy('work_order.id', 'ASC')
      .getMany();
  }
}
