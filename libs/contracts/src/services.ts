/**
 * The one list of the platform's deployable services. Scripts, infrastructure, the gateways and
 * the tests read it; nothing else spells the list out.
 */

/** The domain services behind the gateway, each with its own database. */
export const DOMAIN_SERVICES = ['intake', 'timekeeping', 'billing', 'docket', 'document'] as const;
export type DomainServiceName = (typeof DOMAIN_SERVICES)[number];

/**
 * Every service, in the order they start: the domain services, then the admin gateway (for
 * operations) and the public gateway last (its docs read the services' documents).
 */
export const SERVICES = [...DOMAIN_SERVICES, 'admin-gateway', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The services the gateway forwards to, each verifying internal tokens under its own key. */
export const INTERNAL_TOKEN_AUDIENCES = [...DOMAIN_SERVICES, 'admin-gateway'] as const;
export type InternalTokenAudience = (typeof INTERNAL_TOKEN_AUDIENCES)[number];

/**
 * The gateway's variable for one service's internal-token key: `billing` → BILLING_INTERNAL_TOKEN_KEY,
 * `admin-gateway` → ADMIN_GATEWAY_INTERNAL_TOKEN_KEY. The service itself reads INTERNAL_TOKEN_KEY.
 */
export function internalTokenKeyVariable<S extends InternalTokenAudience>(
  service: S,
): `${Uppercase<S extends 'admin-gateway' ? 'ADMIN_GATEWAY' : S>}_INTERNAL_TOKEN_KEY` {
  return `${service.toUpperCase().replace('-', '_')}_INTERNAL_TOKEN_KEY` as never;
}
