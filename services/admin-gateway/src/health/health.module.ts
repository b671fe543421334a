import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { parseHealthTargets } from './health-targets';
import { HEALTH_TARGETS, HealthService } from './health.service';

/** Other features find a service's address among the polled targets (firms: the gateway's). */
export { parseHealthTargets } from './health-targets';

/** Service health and readiness for the operations team. */
@Module({})
export class HealthModule {
  static register(config: { HEALTH_TARGETS?: string }): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_TARGETS, useValue: parseHealthTargets(config.HEALTH_TARGETS) },
        HealthService,
      ],
      exports: [HealthService],
    };
  }
}
