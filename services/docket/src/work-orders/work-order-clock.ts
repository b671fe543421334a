import { Injectable } from '@nestjs/common';

/**
 * The time work orders are stamped and judged by (acceptance, due times, submission, SLA sweeps); a
 * provider so tests can put the cycle on a fixed clock and check turnaround figures computed by hand.
 */
@Injectable()
export class WorkOrderClock {
  now(): Date {
    return new Date();
  }
}
