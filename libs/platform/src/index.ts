export * from './config';
export * from './pagination';
export * from './messaging-runtime';
export * from './platform.module';
export * from './bootstrap';
export * from './openapi';
export * from './resource-id.pipe';
export * from './migrate-cli';
