import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  validateSync,
  ValidateBy,
  ValidationTypes,
  isIP,
} from 'class-validator';
import { join } from 'node:path';
import { internalTokenKeyProblem } from '@lawfirm/auth';

/** Settings every service shares. A service's own config class extends this one. */
export class ServiceConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT!: number;

  @IsString()
  DATABASE_URL!: string;

  @IsString()
  KAFKA_BROKERS!: string;

  /**
   * This service's own key (base64url, at least 32 bytes) for the HS256 internal tokens the gateway
   * mints for it; the gateway holds the same key as `<SERVICE>_INTERNAL_TOKEN_KEY`. Required by
   * every service that verifies internal tokens (PlatformModule and the admin gateway check).
   */
  @IsOptional()
  @IsInternalTokenKey()
  INTERNAL_TOKEN_KEY?: string;

  @IsOptional()
  @IsString()
  TOKEN_ISSUER: string = 'lawfirm-gateway';

  /** Prefix for consumer group ids, so parallel test runs do not share groups. */
  @IsOptional()
  @IsString()
  KAFKA_GROUP_PREFIX: string = '';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  // Kafka's brokers refuse a consumer session shorter than group.min.session.timeout.ms (6 s by default).
  @Min(6000)
  KAFKA_SESSION_TIMEOUT_MS: number = 10000;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional()
  @IsString()
  HOST: string = '127.0.0.1';

  /**
   * Port of the separate listener that serves `GET /metrics` (Prometheus text). Unset: no metrics
   * listener. Never the API's port: the API's listeners do not serve /metrics.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  /** Address the metrics listener binds to: loopback by default, the pod's address for a scraper. */
  @IsOptional()
  @IsString()
  METRICS_HOST: string = '127.0.0.1';

  /**
   * Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed. Empty (the default):
   * no forwarding header is believed, and the address recorded is the peer's own.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry.length > 0)
      : value,
  )
  @IsArray()
  @IsAddressOrCidr({ each: true })
  TRUSTED_PROXIES: string[] = [];
}

/** A base64url HMAC key of at least 32 bytes, as `internalTokenKeyProblem` (in @lawfirm/auth) checks it. */
export function IsInternalTokenKey(): PropertyDecorator {
  return ValidateBy({
    name: 'isInternalTokenKey',
    validator: {
      validate: (value) => internalTokenKeyProblem(value) === undefined,
      defaultMessage: (args) => internalTokenKeyProblem(args?.value) ?? 'is not a usable key',
    },
  });
}

/** `10.0.0.7`, `10.0.0.0/8`, `::1`, `fd00::/8`: what Fastify's trustProxy (proxy-addr) accepts as an address. */
export function isAddressOrCidr(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const version = isIP(address, 4) ? 4 : isIP(address, 6) ? 6 : undefined;
  if (version === undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

function IsAddressOrCidr(options: { each: boolean }): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAddressOrCidr',
      validator: {
        validate: isAddressOrCidr,
        defaultMessage: () => 'each entry must be an IP address or a CIDR range (e.g. 10.0.0.0/8)',
      },
    },
    options,
  );
}

export class ConfigError extends Error {}

/** Validates the environment; a bad or missing value stops the service naming the variable. */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const config = plainToInstance(configClass, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map((error) => {
      const value = (env as Record<string, unknown>)[error.property];
      const problems = Object.values(error.constraints ?? {}).join(', ');
      return `  ${error.property}${value === undefined ? ' (missing)' : ''}: ${problems}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}

/** A service's validated env class: the ServiceConfig subclass its `src/config.ts` exports. */
export function serviceConfigClass(repositoryRoot: string, service: string): new () => ServiceConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by a path computed per service
  const exported = require(join(repositoryRoot, 'services', service, 'src', 'config.ts')) as Record<
    string,
    unknown
  >;
  const found = Object.values(exported).find(
    (value): value is new () => ServiceConfig =>
      typeof value === 'function' && value.prototype instanceof ServiceConfig,
  );
  if (!found) throw new Error(`services/${service}/src/config.ts exports no ServiceConfig subclass`);
  return found;
}

/** Every env var a config class validates, and those without @IsOptional (a missing one stops the service). */
export function configVariables(configClass: new () => ServiceConfig): {
  all: Set<string>;
  required: Set<string>;
} {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(configClass, '', true, false);
  const all = new Set(metadata.map((entry) => entry.propertyName));
  const optional = new Set(
    metadata
      .filter((entry) => entry.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((entry) => entry.propertyName),
  );
  return { all, required: new Set([...all].filter((name) => !optional.has(name))) };
}
