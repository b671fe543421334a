import { Module } from '@nestjs/common';
import { CalendarFeedProxyController } from './calendar-feed-proxy.controller';
import { Forwarder } from './forwarder.service';
import { IdempotencyStore } from './idempotency';
import { InternalTokens } from './internal-tokens';
import { ProxyController } from './proxy.controller';

/**
 * Every public `/v1/...` path a service owns (by the HTTP manifest), forwarded with a fresh
 * internal token per request and Idempotency-Key replay. Fastify matches the gateway's own literal
 * routes before this module's wildcard, so module order does not decide routing.
 */
@Module({
  controllers: [ProxyController, CalendarFeedProxyController],
  providers: [InternalTokens, Forwarder, IdempotencyStore],
  exports: [Forwarder, IdempotencyStore],
})
export class ProxyModule {}
