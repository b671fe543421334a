import './tracing';
import 'reflect-metadata';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { DocumentConfig } from './config';

runService(() => {
  const config = loadConfig(DocumentConfig);
  const logger = createLogger('document', config.LOG_LEVEL);
  return {
    service: 'document',
    module: AppModule.register(config, logger),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: { title: 'Document service', description: 'Skeleton: matter projection, health and metrics.' },
  };
});
