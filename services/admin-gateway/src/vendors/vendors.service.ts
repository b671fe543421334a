import { Injectable } from '@nestjs/common';
import type { Actor } from '@lawfirm/auth';
import type {
  IssuedVendorKeyView,
  IssueVendorKeyBody,
  VendorKeyView,
  VendorListView,
  VendorKeyListView,
  VendorView,
} from './dto/vendor.dto';
import { GatewayInternalService } from '../gateway-internal/gateway-internal.service';

/** The gateway's internal routes behind `/admin/vendors`. */
const INTERNAL_VENDORS_PATH = '/internal/vendors';

/**
 * Operations' partner vendor administration. The gateway owns vendor organisations and keys, so each
 * use case is one call to it; the change and its audit record (with the operator's reason, in the
 * platform's trail) commit there in one transaction.
 */
@Injectable()
export class VendorsService {
  constructor(private readonly gateway: GatewayInternalService) {}

  register(operator: Actor, name: string, reason: string): Promise<VendorView> {
    return this.gateway.call(operator, 'POST', INTERNAL_VENDORS_PATH, { reason, body: { name } });
  }

  list(operator: Actor): Promise<VendorListView> {
    return this.gateway.call(operator, 'GET', INTERNAL_VENDORS_PATH);
  }

  get(operator: Actor, vendorId: string): Promise<VendorView> {
    return this.gateway.call(operator, 'GET', `${INTERNAL_VENDORS_PATH}/${vendorId}`);
  }

  issueKey(
    operator: Actor,
    vendorId: string,
    body: IssueVendorKeyBody,
    reason: string,
  ): Promise<IssuedVendorKeyView> {
    return this.gateway.call(operator, 'POST', `${INTERNAL_VENDORS_PATH}/${vendorId}/keys`, {
      reason,
      body: { name: body.name, scopes: body.scopes },
    });
  }

  keys(operator: Actor, vendorId: string): Promise<VendorKeyListView> {
    return this.gateway.call(operator, 'GET', `${INTERNAL_VENDORS_PATH}/${vendorId}/keys`);
  }

  revokeKey(operator: Actor, vendorId: string, keyId: string, reason: string): Promise<VendorKeyView> {
    return this.gateway.call(operator, 'POST', `${INTERNAL_VENDORS_PATH}/${vendorId}/keys/${keyId}/revoke`, {
      reason,
    });
  }
}
