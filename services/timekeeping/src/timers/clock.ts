/** The server's notion of now. Timers never take a time from the client; tests inject a fake. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
