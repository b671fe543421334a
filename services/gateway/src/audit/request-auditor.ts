import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normaliseAuditRecord } from '@lawfirm/audit';
import { actorFromClaims, type Actor, type TokenClaims } from '@lawfirm/auth';
import { AuditRecordedV1, PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { appendManyToOutbox, isTraceparent } from '@lawfirm/messaging';
import { clientRequestIdOf, LOGGER } from '@lawfirm/platform';
import type { Logger } from '@lawfirm/observability';
import { describePath } from './describe-path';

interface PendingRecord {
  firmId: string;
  actor: { type: AuditRecordedV1['actorType']; id: string };
  correlationId: string;
  /** The request's trace, so its audit record joins it. */
  traceparent: string | undefined;
  data: AuditRecordedV1;
}

/**
 * Records wait this long for others to share their statement, and so their relay wake-up, Kafka
 * batch and admin-gateway chain transaction. Against 25 ms, bench:gateway on a loaded machine read
 * less gateway, admin-gateway and PostgreSQL CPU per request, though within its noise (bench/README.md).
 */
const FLUSH_INTERVAL_MS = 100;
const MAX_BATCH = 500;

/**
 * One audit record for every request through the gateway, refused ones included. Records
 * are written to the gateway's outbox (and so reach audit.v1) in small batches, off the
 * response path; a request whose caller is unknown is chained under the platform firm.
 */
@Injectable()
export class RequestAuditor implements OnApplicationShutdown {
  private pending: PendingRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Records one request. `verifyToken` names the caller of a request refused before the guard ran
   * (body too large, unparseable or with NUL, 414 on the gateway's own routes): with a token that
   * verifies the record goes to its firm's trail, without one to the platform's, never a firm's.
   */
  async record(
    request: FastifyRequest & { actor?: Actor; createdResourceId?: string },
    reply: FastifyReply,
    verifyToken?: (token: string) => Promise<TokenClaims>,
  ): Promise<void> {
    const path = request.url.split('?')[0] ?? request.url;
    if (path === '/healthz' || path === '/readyz' || path === '/metrics') return;
    const actor = request.actor ?? (verifyToken ? await verifiedCaller(request, verifyToken) : undefined);
    const described = describePath(path);
    const route = described.route;
    const resourceId = described.resourceId ?? request.createdResourceId;
    const userAgent = request.headers['user-agent'];
    // Valid by construction: a 300-character path or a forwarded `not-an-ip` must not be parked by
    // the chain consumer's validation (and so missing from the trail).
    const data = normaliseAuditRecord({
      category: 'request',
      actorType: actor?.actorType ?? 'anonymous',
      actorId: actor?.subject ?? 'anonymous',
      action: `${request.method} ${route}`,
      method: request.method,
      route,
      ...(resourceId ? { resourceId } : {}),
      status: reply.statusCode,
      ip: request.ip,
      ...(typeof userAgent === 'string' ? { userAgent } : {}),
      requestId: request.id,
      clientRequestId: clientRequestIdOf(request),
      durationMs: Math.max(0, Math.round(reply.elapsedTime)),
      at: new Date().toISOString(),
    });
    this.pending.push({
      firmId: actor?.firmId ?? PLATFORM_FIRM_ID,
      actor: { type: data.actorType, id: data.actorId },
      correlationId: actor?.correlationId ?? request.id,
      // This request's span (set on arrival; the response path runs outside the handler's context).
      traceparent: isTraceparent(request.headers.traceparent) ? request.headers.traceparent : undefined,
      data,
    });
    if (this.pending.length >= MAX_BATCH) this.scheduleFlush(0);
    else this.scheduleFlush(FLUSH_INTERVAL_MS);
  }

  /** Resource id of a created resource, learnt from the response, for POSTs that create one. */
  static createdResourceId(body: Buffer | string | undefined): string | undefined {
    if (!body) return undefined;
    try {
      const parsed = JSON.parse(body.toString()) as { id?: unknown };
      return typeof parsed.id === 'string' ? parsed.id : undefined;
    } catch {
      return undefined;
    }
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const byFirm = new Map<string, PendingRecord[]>();
    for (const record of batch) {
      const records = byFirm.get(record.firmId);
      if (records) records.push(record);
      else byFirm.set(record.firmId, [record]);
    }
    this.flushing = this.flushing.then(async () => {
      for (const [firmId, records] of byFirm) {
        try {
          // One statement per firm and batch: under load the records reach the outbox in milliseconds.
          await withTenant(this.dataSource, firmId, (manager) =>
            appendManyToOutbox(
              manager,
              records.map((record) => ({
                type: AuditRecordedV1.type,
                firmId,
                aggregateId: firmId,
                actor: record.actor,
                correlationId: record.correlationId,
                data: record.data,
              })),
              records.map((record) => record.traceparent),
            ),
          );
        } catch (error) {
          this.logger.error(
            { err: error instanceof Error ? error.message : error, count: records.length },
            'could not store request audit records; retrying',
          );
          this.pending.unshift(...records);
          this.scheduleFlush(1000);
        }
      }
    });
    await this.flushing;
  }

  private scheduleFlush(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
    await this.flushing;
  }
}

/** The caller of a request no guard authenticated, if its bearer token verifies. */
async function verifiedCaller(
  request: FastifyRequest,
  verifyToken: (token: string) => Promise<TokenClaims>,
): Promise<Actor | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    return actorFromClaims(await verifyToken(token), request.id);
  } catch {
    return undefined;
  }
}
