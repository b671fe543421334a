import { Injectable } from '@nestjs/common';
import type { Actor } from '@lawfirm/auth';
import {
  INTERNAL_FIRMS_PATH,
  type FirmDetail,
  type FirmSummary,
  type OnboardedFirm,
} from '@lawfirm/contracts';
import { NotFoundError } from '@lawfirm/errors';
import { GatewayInternalService } from '../gateway-internal/gateway-internal.service';
import type { OnboardFirmBody } from './dto/firm.dto';

/** The firm asked for: the gateway's 404 for it is answered as `firm_not_found` naming it. */
const notFound = (firmId: string) => () => new NotFoundError('firm', firmId);

/**
 * Operations' firm administration. The gateway owns firms and users, so each use case is one call
 * to it; the change and its audit record (with the operator's reason, in the firm's trail) commit
 * there in one transaction, and this gateway chains the request itself as every request.
 */
@Injectable()
export class FirmsService {
  constructor(private readonly gateway: GatewayInternalService) {}

  onboard(operator: Actor, body: OnboardFirmBody, reason: string): Promise<OnboardedFirm> {
    return this.gateway.call(operator, 'POST', INTERNAL_FIRMS_PATH, { reason, body });
  }

  async list(operator: Actor, limit: number): Promise<FirmSummary[]> {
    const answer = await this.gateway.call<{ items: FirmSummary[] }>(
      operator,
      'GET',
      `${INTERNAL_FIRMS_PATH}?limit=${limit}`,
    );
    return answer.items;
  }

  detail(operator: Actor, firmId: string): Promise<FirmDetail> {
    return this.gateway.call(operator, 'GET', `${INTERNAL_FIRMS_PATH}/${firmId}`, {
      notFound: notFound(firmId),
    });
  }

  suspend(operator: Actor, firmId: string, reason: string): Promise<FirmSummary> {
    return this.gateway.call(operator, 'POST', `${INTERNAL_FIRMS_PATH}/${firmId}/suspend`, {
      reason,
      notFound: notFound(firmId),
    });
  }

  reactivate(operator: Actor, firmId: string, reason: string): Promise<FirmSummary> {
    return this.gateway.call(operator, 'POST', `${INTERNAL_FIRMS_PATH}/${firmId}/reactivate`, {
      reason,
      notFound: notFound(firmId),
    });
  }
}
