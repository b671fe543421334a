export * from './schema';
export * from './outbox';
export * from './kafka';
export * from './backoff';
export * from './outbox-relay';
export * from './event-consumer';
export * from './dlq-replay';
export * from './trace-context';
