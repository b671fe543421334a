/** The proxy's Idempotency-Key store, as other features (GraphQL's keyed mutations) use it. */
export { IdempotencyStore } from './idempotency';
export type { IdempotentStart } from './idempotency';
