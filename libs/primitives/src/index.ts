export * from './calendar-date';
export * from './money';
export * from './duration';
export * from './minutes';
export * from './billed-tenths';
