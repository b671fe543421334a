import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lawfirm/platform';

export class BillingConfig extends ServiceConfig {
  /**
   * How often this process runs the payment-reminder sweep for every firm with a schedule (milliseconds;
   * 0 turns it off). Safe with several instances: each step is sent once.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  PAYMENT_REMINDER_SWEEP_INTERVAL_MS: number = 3_600_000;
}
