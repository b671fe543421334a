/** Which service owns which public path. The first matching rule wins. */
export type ServiceName = 'intake' | 'timekeeping' | 'billing' | 'docket' | 'document';

export interface RouteRule {
  pattern: RegExp;
  service: ServiceName;
}

export const ROUTE_RULES: RouteRule[] = [
  { pattern: /^\/v1\/matters\/[^/]+\/wip\/?$/, service: 'billing' },
  { pattern: /^\/v1\/(clients|matters|conflict-checks|leads|lead-stages|lead-routing-rules)(\/|$)/, service: 'intake' },
  { pattern: /^\/v1\/time-entries(\/|$)/, service: 'timekeeping' },
];

export function routeFor(path: string): ServiceName | undefined {
  return ROUTE_RULES.find((rule) => rule.pattern.test(path))?.service;
}

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** `/v1/matters/<uuid>/wip` → `/v1/matters/:id/wip` (for audit and metrics), and the first id in it. */
export function describePath(path: string): { route: string; resourceId?: string } {
  const match = path.match(UUID_SEGMENT);
  return {
    route: path.replace(UUID_SEGMENT, '/:id'),
    ...(match?.[0] ? { resourceId: match[0].slice(1).toLowerCase() } : {}),
  };
}
