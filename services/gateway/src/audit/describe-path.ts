const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** `/v1/matters/<uuid>/wip` → `/v1/matters/:id/wip` (for audit and metrics), and the first id in it. */
export function describePath(path: string): { route: string; resourceId?: string } {
  const match = path.match(UUID_SEGMENT);
  return {
    route: path.replace(UUID_SEGMENT, '/:id'),
    ...(match?.[0] ? { resourceId: match[0].slice(1).toLowerCase() } : {}),
  };
}
