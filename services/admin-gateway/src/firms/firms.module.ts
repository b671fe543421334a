import { Module, type DynamicModule } from '@nestjs/common';
import type { AdminGatewayConfig } from '../config';
import { parseHealthTargets } from '../health/health.module';
import { FirmsController } from './firms.controller';
import { FirmsService } from './firms.service';
import { GATEWAY_FIRMS_TARGET, GatewayFirmsClient } from './gateway-firms.client';

/** Operations onboard, list, open, suspend and reactivate firms (which the gateway owns). */
@Module({})
export class FirmsModule {
  static register(
    config: Pick<AdminGatewayConfig, 'GATEWAY_URL' | 'HEALTH_TARGETS' | 'INTERNAL_TOKEN_KEY'>,
  ): DynamicModule {
    const gatewayUrl =
      config.GATEWAY_URL ??
      parseHealthTargets(config.HEALTH_TARGETS).find((target) => target.service === 'gateway')?.url;
    if (!config.INTERNAL_TOKEN_KEY)
      throw new Error('INTERNAL_TOKEN_KEY (missing): needed to call the gateway');
    return {
      module: FirmsModule,
      controllers: [FirmsController],
      providers: [
        {
          provide: GATEWAY_FIRMS_TARGET,
          useValue: { baseUrl: gatewayUrl?.replace(/\/+$/, ''), internalTokenKey: config.INTERNAL_TOKEN_KEY },
        },
        GatewayFirmsClient,
        FirmsService,
      ],
      exports: [FirmsService],
    };
  }
}
