import './tracing';
import 'reflect-metadata';
import { loadSigningKey, UnauthenticatedError, type TokenVerifier } from '@lawfirm/auth';
import type { FastifyRequest } from 'fastify';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, runService, type StartOptions } from '@lawfirm/platform';
import { AppModule } from './app.module';
import { AuditStore } from './audit-store/audit-store.service';
import { auditAdminRequest } from './audit-store/request-audit';
import { AdminGatewayConfig } from './config';
import { OPS_TOKEN_VERIFIER } from './ops/guards';

/** The operations API's document names every admin route: only an operations token may read it. */
async function requireOpsToken(verifier: TokenVerifier, request: FastifyRequest): Promise<void> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) throw new UnauthenticatedError();
  try {
    await verifier.verify(token);
  } catch {
    throw new UnauthenticatedError('The bearer token is invalid or expired.');
  }
}

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
    metricsPort: config.METRICS_PORT,
    metricsHost: config.METRICS_HOST,
    openapi: {
      title: 'Operations API (admin gateway)',
      description:
        "For the platform operations team. Every look at a firm's data needs X-Access-Reason and is audited in that firm's chain.",
    },
    openApiAccess: (app) => {
      const verifier = app.get<TokenVerifier>(OPS_TOKEN_VERIFIER);
      return (request) => requireOpsToken(verifier, request);
    },
    // Every request, refused ones included (the router's own 414s too), is chained.
    onResponse: (app) =>
      auditAdminRequest(app.get(AuditStore), logger, (token) =>
        app.get<TokenVerifier>(OPS_TOKEN_VERIFIER).verify(token),
      ),
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
