export * from './chain';
export * from './change-recorder';
