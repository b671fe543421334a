import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lawfirm/platform';

export class DocketConfig extends ServiceConfig {
  /** How often this process sends the reminders that came due (milliseconds; 0 turns the background sweep off). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  REMINDER_SWEEP_INTERVAL_MS: number = 60_000;

  /**
   * How often this process records the work orders that passed their SLA (milliseconds; 0 turns the
   * background SLA sweep off).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  WORK_ORDER_SLA_SWEEP_INTERVAL_MS: number = 60_000;
}
