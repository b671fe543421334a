import './tracing';
import 'reflect-metadata';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { TimekeepingConfig } from './config';
import { allowLargeImportBodies } from './import/batch-body-limit';

runService(() => {
  const config = loadConfig(TimekeepingConfig);
  const logger = createLogger('timekeeping', config.LOG_LEVEL);
  return {
    service: 'timekeeping',
    module: AppModule.register(config, logger),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: { title: 'Timekeeping service', description: 'Time entries and their approval.' },
    // Routes the HTTP manifest gives a larger body limit (the batch import) get it; the rest keep the default.
    configure: allowLargeImportBodies,
  };
});
