import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@lawfirm/auth';
import { normaliseAuditRecord } from '@lawfirm/audit';
import { PLATFORM_FIRM_ID, uuidv7 } from '@lawfirm/contracts';
import type { Logger } from '@lawfirm/observability';
import type { AuditStore } from './audit-store.service';

const FIRM_IN_PATH =
  /^\/admin\/firms\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/i;

/**
 * Every request to the admin gateway, refused ones included, is chained directly into the
 * store (this gateway owns it): under the firm the path names, else under the platform firm.
 */
export function auditAdminRequest(store: AuditStore, logger: Logger) {
  return async (request: FastifyRequest & { actor?: Actor }, reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path === '/healthz' || path === '/readyz' || path === '/metrics' || path.startsWith('/internal/'))
      return;
    const firmInPath = FIRM_IN_PATH.exec(path)?.[1]?.toLowerCase();
    const route = path.replace(FIRM_IN_PATH, '/admin/firms/:firmId');
    const userAgent = request.headers['user-agent'];
    // Valid by construction, as the gateway's request records are (see normaliseAuditRecord).
    const record = normaliseAuditRecord({
      category: 'request',
      actorType: request.actor ? 'ops' : 'anonymous',
      actorId: request.actor?.subject ?? 'anonymous',
      action: `${request.method} ${route}`,
      method: request.method,
      route,
      ...(firmInPath ? { resourceType: 'firm', resourceId: firmInPath } : {}),
      status: reply.statusCode,
      ip: request.ip,
      ...(typeof userAgent === 'string' ? { userAgent } : {}),
      requestId: request.id,
      durationMs: Math.max(0, Math.round(reply.elapsedTime)),
      at: new Date().toISOString(),
    });
    try {
      await store.appendNow(firmInPath ?? PLATFORM_FIRM_ID, uuidv7(), { ...record, occurredAt: record.at });
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : error, requestId: request.id },
        'could not audit admin request',
      );
    }
  };
}
