import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import {
  findIdempotencyKey,
  IDEMPOTENCY_HEADER,
  purgeExpiredIdempotencyKeys,
  IdempotencyKeyTakenError,
  requestFingerprint,
  storeIdempotentAnswer,
  withTenant,
  type IdempotencyClaim,
  type IdempotencyKeyRow,
} from '@lawfirm/database';
import { DomainError, ValidationFailedError } from '@lawfirm/errors';

/** Set on a replayed answer, at the gateway and at a service. */
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Methods whose effects a retry could repeat; GET and HEAD are safe without a key. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Printable ASCII, 1–255 characters: room for a UUID or a client's own request id. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      'unprocessable',
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request; use a new key for a new request.',
      [{ field: 'Idempotency-Key', message: 'already used with another method, path or body' }],
    );
  }
}

export class IdempotencyInProgressError extends DomainError {
  constructor() {
    super(
      'conflict',
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry shortly to get its result.',
      [],
      { retryAfterSeconds: 1 },
    );
  }
}

/** The caller's key, if any; a malformed one is refused before anything happens. */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers[IDEMPOTENCY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY_PATTERN.test(value))
    throw new ValidationFailedError([
      {
        field: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1 to 255 printable ASCII characters, sent once',
      },
    ]);
  return value;
}

/** The actor a request carries once the internal-token guard has run, with its key if any. */
type KeyedActor = Actor & { idempotency?: IdempotencyClaim };
type KeyedRequest = FastifyRequest & { actor?: KeyedActor; [REPLAY]?: IdempotencyKeyRow };

const REPLAY = Symbol('idempotentReplay');
/** One keyed answer in this many also forgets the firm's expired keys. */
const PURGE_EVERY = 200;

/**
 * A service's half of Idempotency-Key (the gateway forwards the caller's key; see the gateway's
 * IdempotencyStore). A request with a key whose change committed earlier gets that request's
 * stored answer and runs nothing; otherwise it runs with the key on its actor, and its first
 * `recordChange` claims the key in the use case's own transaction (so the key exists exactly when
 * the change does, and a concurrent retry waits on it). `registerIdempotentAnswers` keeps the
 * answer and sends replays.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const actor = request.actor;
    if (!actor || !IDEMPOTENT_METHODS.has(request.method)) return next.handle();
    const key = idempotencyKeyOf(request.headers);
    if (key === undefined) return next.handle();
    const claim: IdempotencyClaim = {
      subject: actor.subject,
      key,
      fingerprint: requestFingerprint(request.method, request.url, request.body),
      claimed: false,
    };
    return from(this.stored(actor.firmId, claim)).pipe(
      mergeMap((row) => {
        if (row) return from(this.replay(request, claim, row));
        actor.idempotency = claim;
        return next.handle().pipe(
          catchError(async (error: unknown) => {
            if (!(error instanceof IdempotencyKeyTakenError)) throw error;
            // A concurrent request with this key committed first: its answer is ours.
            actor.idempotency = undefined;
            const winner = await this.stored(actor.firmId, claim);
            if (!winner) throw new IdempotencyInProgressError();
            return this.replay(request, claim, winner);
          }),
        );
      }),
    );
  }

  private stored(firmId: string, claim: IdempotencyClaim): Promise<IdempotencyKeyRow | null> {
    return withTenant(this.dataSource, firmId, (manager) =>
      findIdempotencyKey(manager, firmId, claim.subject, claim.key),
    );
  }

  private async replay(
    request: KeyedRequest,
    claim: IdempotencyClaim,
    row: IdempotencyKeyRow,
  ): Promise<null> {
    if (row.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError();
    // Committed, but its answer not yet kept (it is being sent right now, or the process stopped in between).
    if (row.status === null) throw new IdempotencyInProgressError();
    request[REPLAY] = row;
    return null; // onSend below swaps in the stored answer
  }
}

/**
 * Keeps the answer of a request that claimed its key (its change committed), and sends a stored
 * answer in place of a replayed request's placeholder.
 */
export function registerIdempotentAnswers(fastify: FastifyInstance, dataSource: () => DataSource): void {
  fastify.addHook('onSend', async (request: KeyedRequest, reply: FastifyReply, payload: unknown) => {
    const replay = request[REPLAY];
    if (replay) {
      void reply.code(replay.status ?? 200);
      if (replay.contentType) void reply.header('content-type', replay.contentType);
      else void reply.removeHeader('content-type');
      void reply.header(REPLAYED_HEADER, 'true');
      return replay.body ?? Buffer.alloc(0);
    }
    const actor = request.actor;
    const claim = actor?.idempotency;
    if (!actor || !claim?.claimed) return payload;
    const body =
      typeof payload === 'string'
        ? Buffer.from(payload)
        : Buffer.isBuffer(payload)
          ? payload
          : Buffer.alloc(0);
    const contentType = reply.getHeader('content-type');
    await withTenant(dataSource(), actor.firmId, async (manager) => {
      await storeIdempotentAnswer(manager, actor.firmId, claim, {
        status: reply.statusCode,
        contentType: typeof contentType === 'string' ? contentType : null,
        body,
      });
      if (Math.random() < 1 / PURGE_EVERY) await purgeExpiredIdempotencyKeys(manager, actor.firmId);
    });
    return payload;
  });
}
