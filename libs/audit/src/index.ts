export * from './chain';
export * from './record';
export * from './change-recorder';
