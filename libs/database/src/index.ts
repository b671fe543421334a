export * from './tenant';
export * from './rls';
export * from './data-source';
export * from './idempotency';
export * from './sign-in-throttle';
