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
