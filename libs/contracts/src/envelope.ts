import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { uuidv7 } from 'uuidv7';

export const ACTOR_TYPES = ['user', 'integration', 'vendor', 'ops', 'service', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export class EventActor {
  @IsIn(ACTOR_TYPES)
  type!: ActorType;

  @IsString()
  id!: string;
}

/** The envelope every event travels in. `data` is validated separately against the payload class of `type`. */
export class EventEnvelope<T = unknown> {
  @IsUUID()
  id!: string;

  @Matches(/^[a-z]+(\.[a-z-]+)+$/)
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsUUID()
  firmId!: string;

  @IsString()
  aggregateId!: string;

  @IsISO8601()
  occurredAt!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => EventActor)
  actor!: EventActor;

  @IsString()
  correlationId!: string;

  @IsOptional()
  @IsString()
  causationId?: string;

  @IsObject()
  data!: T;
}

export interface NewEvent<T> {
  type: string;
  version?: number;
  firmId: string;
  aggregateId: string;
  actor: EventActor;
  correlationId: string;
  causationId?: string;
  data: T;
  occurredAt?: Date;
}

export function createEnvelope<T>(event: NewEvent<T>): EventEnvelope<T> {
  return {
    id: uuidv7(),
    type: event.type,
    version: event.version ?? 1,
    firmId: event.firmId,
    aggregateId: event.aggregateId,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    actor: event.actor,
    correlationId: event.correlationId,
    ...(event.causationId ? { causationId: event.causationId } : {}),
    data: event.data,
  };
}

export { uuidv7 };
