import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { SignInThrottleKind, SignInThrottlePolicy } from '@lawfirm/database';
import { ServiceConfig } from './config';

/** Settings of a service with a token endpoint (the gateway, the admin gateway): how sign-ins are throttled. */
export class SignInServiceConfig extends ServiceConfig {
  /** Wrong sign-ins an account may have before it is locked. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) SIGN_IN_MAX_FAILURES: number = 5;
  /** Wrong sign-ins one source address may have (over all accounts) before it is locked. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) SIGN_IN_SOURCE_MAX_FAILURES: number = 50;
  /** The first lock; each further failure doubles it. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) SIGN_IN_LOCK_SECONDS: number = 30;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) SIGN_IN_MAX_LOCK_SECONDS: number = 900;
  /** Failures are forgotten after this long without a failure or a lock. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) SIGN_IN_WINDOW_SECONDS: number = 900;
}

export function signInThrottlePolicies(
  config: SignInServiceConfig,
): Record<SignInThrottleKind, SignInThrottlePolicy> {
  const common = {
    baseLockSeconds: config.SIGN_IN_LOCK_SECONDS,
    maxLockSeconds: Math.max(config.SIGN_IN_LOCK_SECONDS, config.SIGN_IN_MAX_LOCK_SECONDS),
    windowSeconds: config.SIGN_IN_WINDOW_SECONDS,
  };
  return {
    account: { maxFailures: config.SIGN_IN_MAX_FAILURES, ...common },
    source: { maxFailures: config.SIGN_IN_SOURCE_MAX_FAILURES, ...common },
  };
}
