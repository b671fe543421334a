import { generateInternalTokenKey } from '@lawfirm/auth';
import { createLogger } from '@lawfirm/observability';
import { loadConfig, ServiceConfig } from './config';
import { PlatformModule } from './platform.module';

const BASE_ENV = {
  PORT: '0',
  DATABASE_URL: 'postgres://app@127.0.0.1:9/example',
  KAFKA_BROKERS: '127.0.0.1:9',
};

describe('PlatformModule.forService', () => {
  const logger = createLogger('example', 'silent');

  it('stops a service that verifies internal tokens when INTERNAL_TOKEN_KEY is missing, naming it', () => {
    const config = loadConfig(ServiceConfig, BASE_ENV);

    expect(() => PlatformModule.forService({ service: 'intake', config, logger, entities: [] })).toThrow(
      /INTERNAL_TOKEN_KEY \(missing\)/,
    );
  });

  it('starts with a valid key, and without one when the service authenticates callers itself', () => {
    const withKey = loadConfig(ServiceConfig, {
      ...BASE_ENV,
      INTERNAL_TOKEN_KEY: generateInternalTokenKey(),
    });
    const without = loadConfig(ServiceConfig, BASE_ENV);

    expect(
      PlatformModule.forService({ service: 'intake', config: withKey, logger, entities: [] }).module,
    ).toBe(PlatformModule);
    expect(
      PlatformModule.forService({
        service: 'gateway',
        config: without,
        logger,
        entities: [],
        authGuard: 'none',
      }).module,
    ).toBe(PlatformModule);
  });
});
