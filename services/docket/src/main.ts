import './tracing';
import 'reflect-metadata';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { DocketConfig } from './config';

runService(() => {
  const config = loadConfig(DocketConfig);
  const logger = createLogger('docket', config.LOG_LEVEL);
  return {
    service: 'docket',
    module: AppModule.register(config, logger),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: { title: 'Docket service', description: 'Skeleton: matter projection, health and metrics.' },
  };
});
