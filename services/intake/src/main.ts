import './tracing';
import 'reflect-metadata';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { IntakeConfig } from './config';

runService(() => {
  const config = loadConfig(IntakeConfig);
  const logger = createLogger('intake', config.LOG_LEVEL);
  return {
    service: 'intake',
    module: AppModule.register(config, logger),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: { title: 'Intake service', description: 'Clients and matters.' },
  };
});
