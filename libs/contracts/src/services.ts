/**
 * The one list of the platform's deployable services. Scripts, infrastructure, the gateways and
 * the tests read it; nothing else spells the list out.
 */

/** The domain services behind the gateway, each with its own database. */
export const DOMAIN_SERVICES = ['intake', 'timekeeping', 'billing', 'docket', 'document'] as const;
export type DomainServiceName = (typeof DOMAIN_SERVICES)[number];

/** The gateways: the public one for firms and the admin one for the operations team. */
export const GATEWAYS = ['gateway', 'admin-gateway'] as const;
export type GatewayName = (typeof GATEWAYS)[number];

/** Every service, in the order they start: domain services first, gateways last (the gateway's docs read the services' documents). */
export const SERVICES = [...DOMAIN_SERVICES, 'admin-gateway', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const isDomainService = (name: string): name is DomainServiceName =>
  (DOMAIN_SERVICES as readonly string[]).includes(name);
