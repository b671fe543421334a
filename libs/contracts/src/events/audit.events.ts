import {
  IsIn,
  IsInt,
  IsIP,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ACTOR_TYPES, type ActorType } from '../envelope';

/**
 * One audit record. Gateways record every request (refused ones included); services
 * record every domain change. The admin gateway chains them per firm.
 */
export class AuditRecordedV1 {
  static readonly type = 'audit.recorded';
  @IsIn(['request', 'change', 'ops-access']) category!: 'request' | 'change' | 'ops-access';
  @IsIn(ACTOR_TYPES) actorType!: ActorType;
  @IsString() actorId!: string;
  @IsString() @MaxLength(200) action!: string;
  @IsOptional() @IsString() @MaxLength(10) method?: string;
  @IsOptional() @IsString() @MaxLength(500) route?: string;
  @IsOptional() @IsString() @MaxLength(200) resourceType?: string;
  @IsOptional() @IsString() @MaxLength(200) resourceId?: string;
  @IsOptional() @IsInt() @Min(100) @Max(599) status?: number;
  @IsOptional() @IsIP() ip?: string;
  @IsOptional() @IsString() @MaxLength(500) userAgent?: string;
  /** Our id of the request (never the caller's choice). */
  @IsOptional() @IsString() @MaxLength(200) requestId?: string;
  /** The `X-Request-Id` the caller sent, kept apart from ours. */
  @IsOptional() @IsString() @MaxLength(200) clientRequestId?: string;
  @IsOptional() @IsInt() @Min(0) durationMs?: number;
  @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  @IsOptional() @IsObject() details?: Record<string, unknown>;
  @IsISO8601() at!: string;
}

/** Firm id under which records with no firm (e.g. an anonymous, refused request) are chained. */
export const PLATFORM_FIRM_ID = '00000000-0000-0000-0000-000000000000';
