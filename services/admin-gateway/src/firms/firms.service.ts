import { Injectable } from '@nestjs/common';
import type { Actor } from '@lawfirm/auth';
import type { FirmDetail, FirmSummary, OnboardedFirm } from '@lawfirm/contracts';
import type { OnboardFirmBody } from './dto/firm.dto';
import { GatewayFirmsClient } from './gateway-firms.client';

/**
 * Operations' firm administration. The gateway owns firms and users, so each use case is one call
 * to it; the change and its audit record (with the operator's reason, in the firm's trail) commit
 * there in one transaction, and this gateway chains the request itself as every request.
 */
@Injectable()
export class FirmsService {
  constructor(private readonly gateway: GatewayFirmsClient) {}

  onboard(operator: Actor, body: OnboardFirmBody, reason: string): Promise<OnboardedFirm> {
    return this.gateway.call(operator, 'POST', '', { reason, body });
  }

  async list(operator: Actor, limit: number): Promise<FirmSummary[]> {
    const answer = await this.gateway.call<{ items: FirmSummary[] }>(operator, 'GET', `?limit=${limit}`);
    return answer.items;
  }

  detail(operator: Actor, firmId: string): Promise<FirmDetail> {
    return this.gateway.call(operator, 'GET', `/${firmId}`, { firmId });
  }

  suspend(operator: Actor, firmId: string, reason: string): Promise<FirmSummary> {
    return this.gateway.call(operator, 'POST', `/${firmId}/suspend`, { reason, firmId });
  }

  reactivate(operator: Actor, firmId: string, reason: string): Promise<FirmSummary> {
    return this.gateway.call(operator, 'POST', `/${firmId}/reactivate`, { reason, firmId });
  }
}
