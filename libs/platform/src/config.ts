import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

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

  /** Public JWKS (JSON) of the gateway key that signs internal tokens (services that verify them). */
  @IsOptional()
  @IsString()
  INTERNAL_TOKEN_JWKS?: string;

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
}

export class ConfigError extends Error {}

/** Validates the environment; a bad or missing value stops the service naming the variable. */
export function loadConfig<T extends object>(configClass: new () => T, env: NodeJS.ProcessEnv = process.env): T {
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
