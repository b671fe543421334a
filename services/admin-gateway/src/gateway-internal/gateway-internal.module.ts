import { Module, type DynamicModule } from '@nestjs/common';
import type { AdminGatewayConfig } from '../config';
import { parseHealthTargets } from '../health/health.module';
import { GATEWAY_INTERNAL_TARGET, GatewayInternalService } from './gateway-internal.service';

/**
 * The admin gateway's client of the gateway's `/internal/*` routes, for the features that act on
 * what the gateway owns (firms, vendor organisations). The gateway is GATEWAY_URL, or else the
 * `gateway=` entry of HEALTH_TARGETS.
 */
@Module({})
export class GatewayInternalModule {
  static register(
    config: Pick<AdminGatewayConfig, 'GATEWAY_URL' | 'HEALTH_TARGETS' | 'INTERNAL_TOKEN_KEY'>,
  ): DynamicModule {
    const gatewayUrl =
      config.GATEWAY_URL ??
      parseHealthTargets(config.HEALTH_TARGETS).find((target) => target.service === 'gateway')?.url;
    if (!config.INTERNAL_TOKEN_KEY)
      throw new Error('INTERNAL_TOKEN_KEY (missing): needed to call the gateway');
    return {
      module: GatewayInternalModule,
      providers: [
        {
          provide: GATEWAY_INTERNAL_TARGET,
          useValue: { baseUrl: gatewayUrl?.replace(/\/+$/, ''), internalTokenKey: config.INTERNAL_TOKEN_KEY },
        },
        GatewayInternalService,
      ],
      exports: [GatewayInternalService],
    };
  }
}
