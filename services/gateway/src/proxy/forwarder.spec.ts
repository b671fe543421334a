import { randomUUID } from 'node:crypto';
import type { Actor } from '@lawfirm/auth';
import type { GatewayConfig } from '../config';
import { Forwarder, UpstreamUnavailableError } from './forwarder.service';
import type { InternalTokens } from './internal-tokens';

const NOWHERE = 'http://127.0.0.1:9';

describe('Forwarder', () => {
  const config = Object.fromEntries(
    ['INTAKE', 'TIMEKEEPING', 'BILLING', 'DOCKET', 'DOCUMENT', 'ADMIN_GATEWAY'].map((name) => [
      `${name}_URL`,
      NOWHERE,
    ]),
  ) as unknown as GatewayConfig;
  const tokens = { forRequest: () => 'token' } as unknown as InternalTokens;
  const forwarder = new Forwarder(config, tokens);
  const requestId = randomUUID();
  const actor: Actor = {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['attorney'],
    scopes: [],
    requestId,
    correlationId: requestId,
  };

  afterAll(async () => {
    await forwarder.onApplicationShutdown();
  });

  it('reports a body it cannot serialise as its own error, not as the service not answering', async () => {
    const body: Record<string, unknown> = {};
    body.self = body;

    const forwarding = forwarder.forward('intake', actor, {
      method: 'POST',
      url: '/v1/clients',
      body,
      requestId,
    });

    await expect(forwarding).rejects.toThrow(TypeError);
    await expect(forwarding).rejects.not.toBeInstanceOf(UpstreamUnavailableError);
  });

  it('reports an upstream that refuses the connection as not answering', async () => {
    await expect(
      forwarder.forward('intake', actor, { method: 'GET', url: '/v1/clients', requestId }),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });
});
