export * from './chain';
export * from './record';
