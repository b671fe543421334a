import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUrl, Min } from 'class-validator';
import { ConfigError, loadConfig, ServiceConfig } from './config';

/** A service's own config, as services declare it on top of the shared settings. */
class ExampleServiceConfig extends ServiceConfig {
  @IsUrl({ require_tld: false, require_protocol: true })
  UPSTREAM_URL!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  BATCH_SIZE: number = 25;
}

function validEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PORT: '8080',
    DATABASE_URL: 'postgres://app@localhost:5432/example',
    KAFKA_BROKERS: 'localhost:9092',
    UPSTREAM_URL: 'http://upstream:3000',
    ...overrides,
  };
}

function configFailure(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(ExampleServiceConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('returns an instance of the config class when every variable is valid', () => {
    const config = loadConfig(ExampleServiceConfig, validEnv());

    expect(config).toBeInstanceOf(ExampleServiceConfig);
    expect(config.DATABASE_URL).toBe('postgres://app@localhost:5432/example');
    expect(config.UPSTREAM_URL).toBe('http://upstream:3000');
  });

  it('converts numeric variables to numbers when they are given as strings', () => {
    const config = loadConfig(
      ExampleServiceConfig,
      validEnv({ KAFKA_SESSION_TIMEOUT_MS: '6000', BATCH_SIZE: '100' }),
    );

    expect(config.PORT).toBe(8080);
    expect(config.KAFKA_SESSION_TIMEOUT_MS).toBe(6000);
    expect(config.BATCH_SIZE).toBe(100);
  });

  it('applies the defaults when optional variables are not set', () => {
    const config = loadConfig(ExampleServiceConfig, validEnv());

    expect(config).toMatchObject({
      TOKEN_ISSUER: 'lawfirm-gateway',
      KAFKA_GROUP_PREFIX: '',
      KAFKA_SESSION_TIMEOUT_MS: 10000,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      BATCH_SIZE: 25,
    });
    expect(config.INTERNAL_TOKEN_KEY).toBeUndefined();
    // No proxy is trusted unless named: the audited address is the peer's, whatever X-Forwarded-For says.
    expect(config.TRUSTED_PROXIES).toEqual([]);
  });

  it('stops naming INTERNAL_TOKEN_KEY when the key is not base64url or shorter than 32 bytes', () => {
    expect(() => loadConfig(ExampleServiceConfig, validEnv({ INTERNAL_TOKEN_KEY: 'not a key!' }))).toThrow(
      /INTERNAL_TOKEN_KEY: must be a base64url key/,
    );
    expect(() =>
      loadConfig(
        ExampleServiceConfig,
        validEnv({ INTERNAL_TOKEN_KEY: Buffer.alloc(16, 7).toString('base64url') }),
      ),
    ).toThrow(/INTERNAL_TOKEN_KEY: must decode to at least 32 bytes/);
    const key = Buffer.alloc(32, 7).toString('base64url');
    expect(loadConfig(ExampleServiceConfig, validEnv({ INTERNAL_TOKEN_KEY: key })).INTERNAL_TOKEN_KEY).toBe(
      key,
    );
  });

  it('reads TRUSTED_PROXIES as a list of addresses and CIDR ranges', () => {
    const config = loadConfig(
      ExampleServiceConfig,
      validEnv({ TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8,' }),
    );

    expect(config.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8']);
  });

  it('lets a set variable override its default', () => {
    const config = loadConfig(ExampleServiceConfig, validEnv({ LOG_LEVEL: 'debug', HOST: '0.0.0.0' }));

    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.HOST).toBe('0.0.0.0');
  });

  it.each(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'UPSTREAM_URL'])(
    'throws ConfigError naming %s as missing when it is not set',
    (variable) => {
      const error = configFailure(validEnv({ [variable]: undefined }));

      expect(error.message).toContain(`${variable} (missing)`);
    },
  );

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['KAFKA_SESSION_TIMEOUT_MS', '500'],
    ['LOG_LEVEL', 'verbose'],
    ['UPSTREAM_URL', 'upstream'],
    ['BATCH_SIZE', '0'],
    ['TRUSTED_PROXIES', '10.0.0.1,proxy.internal'],
    ['TRUSTED_PROXIES', '10.0.0.0/33'],
    ['TRUSTED_PROXIES', '*'],
  ])('throws ConfigError naming %s when it is set to %s', (variable, value) => {
    const error = configFailure(validEnv({ [variable]: value }));

    expect(error.message).toMatch(new RegExp(`^\\s+${variable}: `, 'm'));
    expect(error.message).not.toContain(`${variable} (missing)`);
  });

  it('names every bad variable when several are wrong', () => {
    const error = configFailure(validEnv({ DATABASE_URL: undefined, LOG_LEVEL: 'loud' }));

    expect(error.message).toContain('DATABASE_URL (missing)');
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message).not.toMatch(/^\s+PORT/m);
  });

  it('reads process.env when no environment is passed', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, validEnv({ PORT: '4321' }));

      expect(loadConfig(ExampleServiceConfig).PORT).toBe(4321);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
