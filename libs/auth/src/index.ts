export * from './roles';
export * from './keys';
export * from './tokens';
export * from './internal-tokens';
export * from './internal-auth.guard';
export * from './passwords';
export * from './access-policy';
export * from './vendor-keys';
