/**
 * @lawfirm/dev-stack: what the tests and the benchmarks reuse from the project's own tooling.
 * The command-line entry points (run.ts, and the CLI halves of schema-drift.ts and compose-env.ts)
 * stay beside it; importing this module runs none of them.
 */
export * from './lib/stack';
export * from './lib/keys';
export * from './lib/audit-chain-key';
export * from './lib/service-schemas';
export * from './schema-drift';
export * from './compose-env';
export * from './lib/openapi-document';
export * from './lib/python-venv';
