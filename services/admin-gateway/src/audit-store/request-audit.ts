import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@lawfirm/auth';
import { normaliseAuditRecord } from '@lawfirm/audit';
import { PLATFORM_FIRM_ID, uuidv7 } from '@lawfirm/contracts';
import type { Logger } from '@lawfirm/observability';
import { clientRequestIdOf } from '@lawfirm/platform';
import type { AuditStore } from './audit-store.service';

const FIRM_IN_PATH =
  /^\/admin\/firms\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/i;

/** Verifies an operations token; resolves to its subject, rejects when the token is not one of ours. */
export type OpsTokenCheck = (token: string) => Promise<{ subject: string }>;

/**
 * Who made the request: the actor the guard set, or, for a request refused before any guard ran
 * (bad query, NUL, unknown route, 414), the subject of a bearer token that verifies. Nobody else.
 */
async function operatorOf(
  request: FastifyRequest & { actor?: Actor },
  checkOpsToken: OpsTokenCheck,
): Promise<string | undefined> {
  if (request.actor) return request.actor.subject;
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    return (await checkOpsToken(token)).subject;
  } catch {
    return undefined;
  }
}

/**
 * Every request to the admin gateway, refused ones included, is chained directly into the
 * store (this gateway owns it). An operator's request is chained under the firm its path names
 * (else the platform); an anonymous one — no token, or one that does not verify — always under
 * the platform, so no caller without a token can write into a firm's trail or start a chain for a
 * firm id they made up.
 */
export function auditAdminRequest(store: AuditStore, logger: Logger, checkOpsToken: OpsTokenCheck) {
  return async (request: FastifyRequest & { actor?: Actor }, reply: FastifyReply): Promise<void> => {
    const path = request.url.split('?')[0] ?? request.url;
    if (path === '/healthz' || path === '/readyz' || path === '/metrics' || path.startsWith('/internal/'))
      return;
    const firmInPath = FIRM_IN_PATH.exec(path)?.[1]?.toLowerCase();
    const route = path.replace(FIRM_IN_PATH, '/admin/firms/:firmId');
    const userAgent = request.headers['user-agent'];
    const operator = await operatorOf(request, checkOpsToken);
    // Valid by construction, as the gateway's request records are (see normaliseAuditRecord).
    const record = normaliseAuditRecord({
      category: 'request',
      actorType: operator ? 'ops' : 'anonymous',
      actorId: operator ?? 'anonymous',
      action: `${request.method} ${route}`,
      method: request.method,
      route,
      ...(firmInPath ? { resourceType: 'firm', resourceId: firmInPath } : {}),
      status: reply.statusCode,
      ip: request.ip,
      ...(typeof userAgent === 'string' ? { userAgent } : {}),
      requestId: request.id,
      clientRequestId: clientRequestIdOf(request),
      durationMs: Math.max(0, Math.round(reply.elapsedTime)),
      at: new Date().toISOString(),
    });
    const chain = operator && firmInPath ? firmInPath : PLATFORM_FIRM_ID;
    try {
      await store.appendNow(chain, uuidv7(), { ...record, occurredAt: record.at });
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : error, requestId: request.id, chain },
        'could not audit admin request',
      );
    }
  };
}
