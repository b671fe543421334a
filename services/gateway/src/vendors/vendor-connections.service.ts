import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { withScope, withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { VENDOR_ACCESS_SCOPE } from '../migrations/1767300000000-vendors';
import type { VendorConnectionList, VendorConnectionView, VendorFirmView } from './dto/vendor.dto';
import { VendorConnection } from './vendor-connection.entity';
import { VendorOrg } from './vendor-org.entity';
import { VendorAlreadyConnectedError } from './vendor.exception';

/**
 * A firm's connections to vendor organisations. Only a connected vendor may be assigned work orders
 * and work on them; a disconnection holds from the next request on (every vendor request and every
 * assignment asks `isConnected`).
 */
@Injectable()
export class VendorConnectionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Connects the vendor; 409 when it is connected already, so of concurrent requests exactly one succeeds. */
  async connect(actor: Actor, vendorId: string): Promise<VendorConnectionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const vendor = await manager.getRepository(VendorOrg).findOne({ where: { id: vendorId } });
      if (!vendor) throw new NotFoundError('vendor', vendorId);
      const now = new Date();
      // Inserted if absent, then locked: concurrent connects queue on the one row and see each other's work.
      await manager
        .createQueryBuilder()
        .insert()
        .into(VendorConnection)
        .values({
          firmId: actor.firmId,
          vendorId,
          connectedBy: actor.subject,
          connectedAt: now,
          disconnectedAt: now,
        })
        .orIgnore()
        .execute();
      const repository = manager.getRepository(VendorConnection);
      const connection = await repository.findOneOrFail({
        where: { firmId: actor.firmId, vendorId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!connection.disconnectedAt) throw new VendorAlreadyConnectedError(vendorId);
      connection.connectedAt = now;
      connection.connectedBy = actor.subject;
      connection.disconnectedAt = null;
      await repository.save(connection);
      await recordChange(manager, actor, {
        action: 'vendor-connection.connected',
        resourceType: 'vendor_connection',
        resourceId: vendorId,
        details: { vendorId, vendorName: vendor.name },
      });
      return connectionView(connection, vendor.name);
    });
  }

  async disconnect(actor: Actor, vendorId: string): Promise<VendorConnectionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const repository = manager.getRepository(VendorConnection);
      const connection = await repository.findOne({
        where: { firmId: actor.firmId, vendorId, disconnectedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!connection || connection.disconnectedAt) throw new NotFoundError('vendor_connection', vendorId);
      connection.disconnectedAt = new Date();
      await repository.save(connection);
      const vendor = await manager.getRepository(VendorOrg).findOneOrFail({ where: { id: vendorId } });
      await recordChange(manager, actor, {
        action: 'vendor-connection.disconnected',
        resourceType: 'vendor_connection',
        resourceId: vendorId,
        details: { vendorId, vendorName: vendor.name },
      });
      return connectionView(connection, vendor.name);
    });
  }

  async list(actor: Actor): Promise<VendorConnectionList> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const connections = await manager
        .getRepository(VendorConnection)
        .find({ order: { connectedAt: 'DESC', vendorId: 'ASC' }, take: 500 });
      const vendors = connections.length
        ? await manager
            .getRepository(VendorOrg)
            .find({ where: { id: In(connections.map((connection) => connection.vendorId)) } })
        : [];
      const names = new Map(vendors.map((vendor) => [vendor.id, vendor.name]));
      return {
        items: connections.map((connection) =>
          connectionView(connection, names.get(connection.vendorId) ?? ''),
        ),
      };
    });
  }

  /** Whether the firm has the vendor connected now. */
  async isConnected(firmId: string, vendorId: string): Promise<boolean> {
    const connection = await withTenant(this.dataSource, firmId, (manager) =>
      manager
        .getRepository(VendorConnection)
        .findOne({ where: { firmId, vendorId, disconnectedAt: IsNull() }, select: { firmId: true } }),
    );
    return connection !== null;
  }

  /** The firms the vendor is connected to now, across firms (the vendor's own view). */
  async connectionsOf(vendorId: string): Promise<VendorFirmView[]> {
    const connections = await withScope(this.dataSource, VENDOR_ACCESS_SCOPE, (manager) =>
      manager.getRepository(VendorConnection).find({
        where: { vendorId, disconnectedAt: IsNull() },
        order: { connectedAt: 'ASC', firmId: 'ASC' },
        take: 500,
      }),
    );
    return connections.map((connection) => ({
      firmId: connection.firmId,
      connectedAt: connection.connectedAt.toISOString(),
    }));
  }
}

function connectionView(connection: VendorConnection, vendorName: string): VendorConnectionView {
  return {
    vendorId: connection.vendorId,
    vendorName,
    status: connection.disconnectedAt ? 'disconnected' : 'connected',
    connectedAt: connection.connectedAt.toISOString(),
    disconnectedAt: connection.disconnectedAt ? connection.disconnectedAt.toISOString() : null,
  };
}
