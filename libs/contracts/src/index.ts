export * from './envelope';
export * from './topics';
export * from './registry';
export * from './events/intake.events';
export * from './events/timekeeping.events';
export * from './events/audit.events';
