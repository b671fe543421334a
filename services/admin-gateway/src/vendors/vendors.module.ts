import { Module, type DynamicModule } from '@nestjs/common';
import type { AdminGatewayConfig } from '../config';
import { GatewayInternalModule } from '../gateway-internal/gateway-internal.module';
import { VendorsController } from './vendors.controller';
import { VendorsService } from './vendors.service';

/** Operations register partner vendor organisations and issue and revoke their keys (the gateway owns them). */
@Module({})
export class VendorsModule {
  static register(
    config: Pick<AdminGatewayConfig, 'GATEWAY_URL' | 'HEALTH_TARGETS' | 'INTERNAL_TOKEN_KEY'>,
  ): DynamicModule {
    return {
      module: VendorsModule,
      controllers: [VendorsController],
      imports: [GatewayInternalModule.register(config)],
      providers: [VendorsService],
      exports: [VendorsService],
    };
  }
}
