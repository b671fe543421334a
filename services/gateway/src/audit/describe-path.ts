/** A calendar feed's secret travels in its URL; the trail keeps the route, never the secret. */
const FEED_SECRET_SEGMENT = /(\/calendar-feeds\/)(?![0-9a-f]{8}-[0-9a-f]{4}-)[^/]+(?=\/calendar\.ics$)/i;

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** `/v1/matters/<uuid>/wip` → `/v1/matters/:id/wip` (for audit and metrics), and the first id in it;
 * a feed secret becomes `:token`. */
export function describePath(path: string): { route: string; resourceId?: string } {
  const withoutSecret = path.replace(FEED_SECRET_SEGMENT, '$1:token');
  const match = withoutSecret.match(UUID_SEGMENT);
  return {
    route: withoutSecret.replace(UUID_SEGMENT, '/:id'),
    ...(match?.[0] ? { resourceId: match[0].slice(1).toLowerCase() } : {}),
  };
}
