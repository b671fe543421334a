import { Module, type DynamicModule } from '@nestjs/common';
import type { AdminGatewayConfig } from '../config';
import { GatewayInternalModule } from '../gateway-internal/gateway-internal.module';
import { FirmsController } from './firms.controller';
import { FirmsService } from './firms.service';

/** Operations onboard, list, open, suspend and reactivate firms (which the gateway owns). */
@Module({})
export class FirmsModule {
  static register(
    config: Pick<AdminGatewayConfig, 'GATEWAY_URL' | 'HEALTH_TARGETS' | 'INTERNAL_TOKEN_KEY'>,
  ): DynamicModule {
    return {
      module: FirmsModule,
      controllers: [FirmsController],
      imports: [GatewayInternalModule.register(config)],
      providers: [FirmsService],
      exports: [FirmsService],
    };
  }
}
