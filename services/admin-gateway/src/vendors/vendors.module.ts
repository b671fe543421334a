import { Module, type DynamicModule } from '@nestjs/common';
import type { AdminGatewayConfig } from '../config';
import { parseHealthTargets } from '../health/health.module';
import { GATEWAY_VENDORS_TARGET, GatewayVendorsClient } from './gateway-vendors.client';
import { VendorsController } from './vendors.controller';
import { VendorsService } from './vendors.service';

/** Operations register partner vendor organisations and issue and revoke their keys (the gateway owns them). */
@Module({})
export class VendorsModule {
  static register(
    config: Pick<AdminGatewayConfig, 'GATEWAY_URL' | 'HEALTH_TARGETS' | 'INTERNAL_TOKEN_KEY'>,
  ): DynamicModule {
    const gatewayUrl =
      config.GATEWAY_URL ??
      parseHealthTargets(config.HEALTH_TARGETS).find((target) => target.service === 'gateway')?.url;
    if (!config.INTERNAL_TOKEN_KEY)
      throw new Error('INTERNAL_TOKEN_KEY (missing): needed to call the gateway');
    return {
      module: VendorsModule,
      controllers: [VendorsController],
      providers: [
        {
          provide: GATEWAY_VENDORS_TARGET,
          useValue: { baseUrl: gatewayUrl?.replace(/\/+$/, ''), internalTokenKey: config.INTERNAL_TOKEN_KEY },
        },
        GatewayVendorsClient,
        VendorsService,
      ],
      exports: [VendorsService],
    };
  }
}
