import { Injectable } from '@nestjs/common';
import type { Actor } from '@lawfirm/auth';
import { NotFoundError } from '@lawfirm/errors';
import { Forwarder, UpstreamUnavailableError, type ForwardResponse } from '../proxy/forwarder.service';
import type { VendorFirmWorkOrders, VendorWorkOrderView } from './dto/vendor.dto';
import { VendorConnectionsService } from './vendor-connections.service';

/**
 * A vendor's work in its firms: each call goes to the owning service as the vendor acting in that one
 * firm (an internal token with the firm, actor `vendor`, the organisation as subject), and only after
 * the firm's connection to the vendor was found in force for this very request — a firm that
 * disconnected the vendor, or never connected it, answers 404 as if the work order did not exist.
 */
@Injectable()
export class VendorWorkService {
  constructor(
    private readonly forwarder: Forwarder,
    private readonly connections: VendorConnectionsService,
  ) {}

  /** The vendor's open work orders, firm by firm, each firm's kept apart. */
  async workOrdersByFirm(vendor: Actor): Promise<VendorFirmWorkOrders[]> {
    const firms = await this.connections.connectionsOf(vendor.subject);
    const answers: VendorFirmWorkOrders[] = [];
    for (const { firmId } of firms) {
      const response = await this.forwarder.forward('docket', inFirm(vendor, firmId), {
        method: 'GET',
        url: '/v1/work-orders',
        requestId: vendor.requestId,
      });
      if (response.status !== 200) throw new UpstreamUnavailableError('docket');
      const body = JSON.parse(response.body.toString()) as { items: VendorWorkOrderView[] };
      answers.push({ firmId, workOrders: body.items });
    }
    return answers;
  }

  /** A call about one work order of one firm, made only while the firm has the vendor connected. */
  async forWorkOrder(
    vendor: Actor,
    firmId: string,
    workOrderId: string,
    request: { method: 'GET' | 'POST'; path: string; body?: unknown },
  ): Promise<ForwardResponse> {
    if (!(await this.connections.isConnected(firmId, vendor.subject)))
      throw new NotFoundError('work order', workOrderId);
    return this.forwarder.forward('docket', inFirm(vendor, firmId), {
      method: request.method,
      url: `/v1/work-orders/${workOrderId}${request.path}`,
      requestId: vendor.requestId,
      ...(request.body !== undefined ? { body: request.body, contentType: 'application/json' } : {}),
    });
  }
}

/** The vendor as it acts in one firm. */
function inFirm(vendor: Actor, firmId: string): Actor {
  return { ...vendor, firmId, roles: [] };
}
