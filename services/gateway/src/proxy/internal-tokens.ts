import { Inject, Injectable } from '@nestjs/common';
import { INTERNAL_TOKEN_AUDIENCES } from '@lawfirm/contracts';
import { InternalTokenMinter, type Actor, type BoundRequest } from '@lawfirm/auth';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import { upstreamInternalTokenKey, type GatewayConfig, type Upstream } from '../config';

/**
 * Mints the internal token that carries the caller to a service: HS256 under that service's own
 * key, bound to the one request it goes with (method, path and query, a fresh jti), 30 s of life.
 */
@Injectable()
export class InternalTokens {
  private readonly minters: Readonly<Record<Upstream, InternalTokenMinter>>;

  constructor(@Inject(SERVICE_CONFIG) config: GatewayConfig) {
    this.minters = Object.fromEntries(
      INTERNAL_TOKEN_AUDIENCES.map((service) => [
        service,
        new InternalTokenMinter(upstreamInternalTokenKey(config, service), config.TOKEN_ISSUER, service),
      ]),
    ) as Record<Upstream, InternalTokenMinter>;
  }

  forRequest(actor: Actor, service: Upstream, request: BoundRequest): string {
    return this.minters[service].mint(
      {
        firmId: actor.firmId,
        subject: actor.subject,
        actorType: actor.actorType,
        roles: actor.roles,
        scopes: actor.scopes,
        requestId: actor.requestId,
        correlationId: actor.correlationId,
      },
      request,
    );
  }
}
