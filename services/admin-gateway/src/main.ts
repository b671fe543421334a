import './tracing';
import 'reflect-metadata';
import { loadSigningKey } from '@lawfirm/auth';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService, type StartOptions } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { AuditStore } from './audit-store/audit-store.service';
import { auditAdminRequest } from './audit-store/request-audit';
import { AdminGatewayConfig } from './config';

export async function adminGatewayOptions(env: NodeJS.ProcessEnv = process.env): Promise<StartOptions> {
  const config = loadConfig(AdminGatewayConfig, env);
  const logger = createLogger('admin-gateway', config.LOG_LEVEL);
  const signingKey = await loadSigningKey(config.ADMIN_SIGNING_KEY);
  return {
    service: 'admin-gateway',
    module: AppModule.register(config, logger, signingKey),
    logger,
    port: config.PORT,
    host: config.HOST,
    trustedProxies: config.TRUSTED_PROXIES,
    openapi: {
      title: 'Operations API (admin gateway)',
      description:
        "For the platform operations team. Every look at a firm's data needs X-Access-Reason and is audited in that firm's chain.",
    },
    configure: (app) => {
      app
        .getHttpAdapter()
        .getInstance()
        .addHook('onResponse', auditAdminRequest(app.get(AuditStore), logger));
    },
  };
}

if (require.main === module) {
  void adminGatewayOptions()
    .then((options) => runService(() => options))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(78);
    });
}
