import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { FIRM_ROLES, ForbiddenRoleError, type Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { ConsentService } from '../consents/consent.service';
import type { VendorWorkOrderList, VendorWorkOrderView } from './dto/vendor-work-order.dto';
import { WorkOrder } from './work-order.entity';
import { ConsentRevokedError } from './work-order.exception';
import { OPEN_STATUSES, type WorkOrderStatus } from './work-order.rules';

const VENDOR_LIST_LIMIT = 500;
/** Statuses in which the work is over for the vendor: it may no longer read or touch the order. */
const FINISHED: readonly WorkOrderStatus[] = ['closed', 'cancelled', 'declined'];

export class WorkOrderClosedError extends DomainError {
  constructor(status: WorkOrderStatus) {
    super('conflict', 'work_order_closed', `The work order is ${status}: nothing more can be done on it.`);
  }
}

/**
 * What a partner vendor reads of its work orders in one firm (the gateway asks each connected firm in
 * turn): its own orders only, with the matter's number and title. Reading one is refused, like every
 * vendor action, once the order is closed or the client's consent no longer covers it. The firm's own
 * callers read the same views of every order of the firm (what their vendors see), without refusals.
 */
@Injectable()
export class VendorWorkOrderService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matters: MatterProjectionService,
    private readonly consents: ConsentService,
  ) {}

  /** A vendor's open orders in this firm; for the firm's own callers, every order of the firm. */
  async list(actor: Actor): Promise<VendorWorkOrderList> {
    const vendorId = vendorIdOf(actor);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const query = manager.getRepository(WorkOrder).createQueryBuilder('o');
      if (vendorId !== undefined)
        query
          .where('o.vendor_id = :vendorId', { vendorId })
          .andWhere('o.status NOT IN (:...finished)', { finished: FINISHED });
      const orders = await query
        .orderBy('o.created_at', 'DESC')
        .addOrderBy('o.id', 'DESC')
        .limit(VENDOR_LIST_LIMIT)
        .getMany();
      const items: VendorWorkOrderView[] = [];
      for (const order of orders) items.push(await this.view(manager, order));
      return { items };
    });
  }

  /** One of the vendor's orders, refused (409) once closed or no longer covered by the client's consent. */
  async brief(actor: Actor, id: string): Promise<VendorWorkOrderView> {
    const vendorId = vendorIdOf(actor);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const order = await manager
        .getRepository(WorkOrder)
        .findOne({ where: vendorId === undefined ? { id } : { id, vendorId } });
      if (!order) throw new NotFoundError('work order', id);
      const view = await this.view(manager, order);
      if (vendorId === undefined) return view;
      if (FINISHED.includes(order.status)) throw new WorkOrderClosedError(order.status);
      if (view.suspended) throw new ConsentRevokedError();
      return view;
    });
  }

  private async view(manager: EntityManager, order: WorkOrder): Promise<VendorWorkOrderView> {
    const matter = await this.matters.find(manager, order.matterId);
    const suspended =
      OPEN_STATUSES.includes(order.status) &&
      !(await this.consents.covers(manager, order.clientId, order.workType, order.vendorId));
    return {
      id: order.id,
      vendorId: order.vendorId,
      matter: { id: order.matterId, number: matter?.number ?? '', title: matter?.title ?? '' },
      workType: order.workType,
      instructions: order.instructions,
      documentIds: order.documentIds,
      status: order.status,
      suspended,
      dueAt: order.dueAt?.toISOString() ?? null,
      returnReasons: order.returnReasons,
      returnCount: order.returnCount,
      submittedAt: order.submittedAt?.toISOString() ?? null,
      updatedAt: order.updatedAt.toISOString(),
    };
  }
}

/**
 * The vendor organisation of a vendor caller (its token's subject); undefined for the firm's own callers,
 * who need a firm role (every role reads).
 */
function vendorIdOf(actor: Actor): string | undefined {
  if (actor.actorType !== 'vendor') {
    if (!actor.roles.some((role) => (FIRM_ROLES as readonly string[]).includes(role)))
      throw new ForbiddenRoleError([...FIRM_ROLES]);
    return undefined;
  }
  return isUUID(actor.subject) ? actor.subject : '00000000-0000-0000-0000-000000000000';
}
