export * from './test-env';
export * from './factories';
export * from './in-process';
export * from './service-client';
export * from './projection';
export * from './gateway-stand-in';
export * from './events';
