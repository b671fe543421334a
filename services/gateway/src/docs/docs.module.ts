import { Module } from '@nestjs/common';
import { OpenApiAggregator } from './openapi-aggregator';

/** The merged OpenAPI document of the gateway and the services behind it (served by main.ts at /openapi.json and /docs). */
@Module({
  providers: [OpenApiAggregator],
  exports: [OpenApiAggregator],
})
export class DocsModule {}
