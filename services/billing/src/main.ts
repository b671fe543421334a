import './tracing';
import 'reflect-metadata';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { BillingConfig } from './config';

runService(() => {
  const config = loadConfig(BillingConfig);
  const logger = createLogger('billing', config.LOG_LEVEL);
  return {
    service: 'billing',
    module: AppModule.register(config, logger),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: { title: 'Billing service', description: 'Work in progress from approved time.' },
  };
});
