import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { GraphqlController } from './graphql.controller';
import { GraphqlService } from './graphql.service';

/**
 * `/graphql`: read and write through the services' own REST routes with the proxy's forwarder
 * (same internal tokens, firm scoping and service-side audit) and its Idempotency-Key store.
 * Mercurius itself is registered on the Fastify instance by `registerGraphql` (main.ts).
 */
@Module({
  imports: [ProxyModule],
  controllers: [GraphqlController],
  providers: [GraphqlService],
})
export class GraphqlModule {}
