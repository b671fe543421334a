import { Inject, Injectable } from '@nestjs/common';
import { TokenIssuer, type Actor } from '@lawfirm/auth';

const TTL_SECONDS = 60;

/** Mints the short-lived internal token (audience = the service) that carries the caller to a service. */
@Injectable()
export class InternalTokens {
  constructor(@Inject(TokenIssuer) private readonly issuer: TokenIssuer) {}

  forService(actor: Actor, audience: string): Promise<string> {
    return this.issuer.sign(
      audience,
      {
        firmId: actor.firmId,
        subject: actor.subject,
        actorType: actor.actorType,
        roles: actor.roles,
        scopes: actor.scopes,
        requestId: actor.requestId,
        correlationId: actor.correlationId,
      },
      TTL_SECONDS,
    );
  }
}
