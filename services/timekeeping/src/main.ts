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
    openapi: { title: 'Timekeeping service', description: 'Time entries and their approval.' },
    // POST /v1/time-entries:batch takes up to 16 MiB; every other route keeps the 1 MiB default.
    configure: allowLargeImportBodies,
  };
});
