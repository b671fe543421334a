export * from './chain';
export * from './change-recorder';
export * from './audit-record';
