/** Which service owns which public path. The first matching rule wins. */
export type ServiceName = 'intake' | 'timekeeping' | 'billing' | 'docket' | 'document';

export interface RouteRule {
  pattern: RegExp;
  service: ServiceName;
}

export const ROUTE_RULES: RouteRule[] = [
  { pattern: /^\/v1\/matters\/[^/]+\/wip\/?$/, service: 'billing' },
  // Client billing guidelines belong to timekeeping, though they sit under the client's path.
  { pattern: /^\/v1\/clients\/[^/]+\/billing-guidelines(\/|$)/, service: 'timekeeping' },
  { pattern: /^\/v1\/(clients|matters|conflict-checks|leads|lead-stages|lead-routing-rules)(\/|$)/, service: 'intake' },
  // `/v1/time-entries:batch` is bulk import (a custom method in the Google API style); other suffixes are not routes.
  { pattern: /^\/v1\/time-entries(\/|:batch$|$)/, service: 'timekeeping' },
  { pattern: /^\/v1\/(timekeepers|timekeeper-classifications|timers|expenses|utbms-codes)(\/|$)/, service: 'timekeeping' },
];

/** Request bodies may be this large on every route but those below. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Routes that take larger bodies: bulk time import carries up to 10,000 entries (a few MB of
 * JSON; timekeeping accepts up to 16 MiB on that route).
 */
export const LARGE_BODY_LIMITS: ReadonlyMap<string, number> = new Map([['/v1/time-entries:batch', 16 * 1024 * 1024]]);

/** The largest body the gateway reads for a request to `path` (no query string). */
export function bodyLimitFor(path: string): number {
  return LARGE_BODY_LIMITS.get(path) ?? DEFAULT_BODY_LIMIT_BYTES;
}

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
