/**
 * The API documents without a running stack: each service's Nest module is loaded in Nest's
 * preview mode (controllers and their decorators registered, nothing instantiated, so no
 * database, broker or network), documented as the running service documents itself, and merged
 * by the gateway's own merge. What `npm run openapi`, `npm run lint:api` and the generated e2e
 * client read; the e2e tests check that the running gateway serves the same document.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { OpenAPI3 } from 'openapi-typescript';
import { generateInternalTokenKey, generateSigningJwk } from '@lawfirm/auth';
import {
  INTERNAL_TOKEN_AUDIENCES,
  internalTokenKeyVariable,
  type DomainServiceName,
} from '@lawfirm/contracts';
import { createLogger, type Logger } from '@lawfirm/observability';
import { loadConfig, previewOpenApi, serviceConfigClass, type StartOptions } from '@lawfirm/platform';
import { DOCUMENTED_SERVICES, mergeOpenApi } from '../../services/gateway/src/docs/openapi-aggregator';

const ROOT = join(__dirname, '..', '..');
const NOWHERE = 'http://127.0.0.1:9';

export interface ApiDocuments {
  /** What the gateway serves at /openapi.json. */
  public: OpenAPIObject;
  /** What the admin gateway serves at /openapi.json. */
  admin: OpenAPIObject;
}

/** A valid configuration that points nowhere: preview mode reads it but never connects. */
async function placeholderEnv(): Promise<NodeJS.ProcessEnv> {
  const key = await generateSigningJwk();
  const signingKey = JSON.stringify(key.privateJwk);
  const internalKey = generateInternalTokenKey();
  return {
    PORT: '0',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nothing',
    KAFKA_BROKERS: '127.0.0.1:9',
    INTERNAL_TOKEN_KEY: internalKey,
    ...Object.fromEntries(
      INTERNAL_TOKEN_AUDIENCES.map((service) => [internalTokenKeyVariable(service), internalKey]),
    ),
    LOG_LEVEL: 'silent',
    GATEWAY_SIGNING_KEY: signingKey,
    ADMIN_SIGNING_KEY: signingKey,
    AUDIT_CHAIN_KEY: '0'.repeat(64),
    INTAKE_URL: NOWHERE,
    TIMEKEEPING_URL: NOWHERE,
    BILLING_URL: NOWHERE,
    DOCKET_URL: NOWHERE,
    DOCUMENT_URL: NOWHERE,
    ADMIN_GATEWAY_URL: NOWHERE,
  };
}

interface ServiceAppModule {
  register(config: object, logger: Logger): DynamicModule;
}

async function serviceDocument(service: DomainServiceName, env: NodeJS.ProcessEnv): Promise<OpenAPIObject> {
  const config = loadConfig(serviceConfigClass(ROOT, service), env);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module of whichever services the manifest routes to
  const { AppModule } = require(join(ROOT, 'services', service, 'src', 'app.module.ts')) as {
    AppModule: ServiceAppModule;
  };
  return previewOpenApi(AppModule.register(config, createLogger(service, 'silent')), { service });
}

/** The gateways' options exactly as their main.ts builds them (module, title and description). */
async function gatewayDocument(options: Promise<StartOptions>): Promise<OpenAPIObject> {
  const { module, service, openapi } = await options;
  return previewOpenApi(module, { service, openapi });
}

export async function buildApiDocuments(publicUrl?: string): Promise<ApiDocuments> {
  // The gateways' main.ts start tracing when loaded; a document needs none.
  process.env.OTEL_SDK_DISABLED ??= 'true';
  const env = await placeholderEnv();
  const upstreams: Partial<Record<DomainServiceName, OpenAPIObject>> = {};
  for (const service of DOCUMENTED_SERVICES) upstreams[service] = await serviceDocument(service, env);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after tracing is switched off above */
  const { gatewayOptions } =
    require('../../services/gateway/src/main') as typeof import('../../services/gateway/src/main');
  const { adminGatewayOptions } =
    require('../../services/admin-gateway/src/main') as typeof import('../../services/admin-gateway/src/main');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    public: mergeOpenApi(await gatewayDocument(gatewayOptions(env)), upstreams, publicUrl),
    admin: await gatewayDocument(adminGatewayOptions(env)),
  };
}

/** Where `npm run openapi` writes the documents (`redocly.yaml` lints them there). */
export const DOCUMENT_FILES: Record<keyof ApiDocuments, string> = {
  public: join(ROOT, '.local', 'openapi', 'public.json'),
  admin: join(ROOT, '.local', 'openapi', 'admin.json'),
};

/** The e2e tests' client types, generated from the public document and checked in. */
export const CLIENT_TYPES_FILE = join(ROOT, 'test', 'e2e', 'support', 'api.d.ts');

/** TypeScript types for openapi-fetch (openapi-typescript), formatted as the repository formats its files. */
export async function generateClientTypes(document: OpenAPIObject): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const prettier = await import('prettier');
  const banner =
    "/**\n * Generated by `npm run openapi` from the gateway's OpenAPI document (openapi-typescript); do not edit.\n" +
    ' * A unit test (scripts/openapi.spec.ts) fails when it differs from what the current document generates.\n */\n';
  const types = astToString(
    await openapiTS(document as unknown as OpenAPI3, {
      silent: true,
      // A property with a default may be left out of a request: keep it optional.
      defaultNonNullable: false,
    }),
  );
  const options = (await prettier.resolveConfig(CLIENT_TYPES_FILE)) ?? {};
  return prettier.format(banner + types, { ...options, filepath: CLIENT_TYPES_FILE });
}
