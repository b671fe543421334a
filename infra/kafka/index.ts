export * from './launcher';
export * from './topics';
