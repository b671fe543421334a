import { IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export const MATTER_STATUSES = ['pending', 'open', 'closed'] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

export const CLIENT_KINDS = ['person', 'company'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export class ClientCreatedV1 {
  static readonly type = 'intake.client.created';
  @IsUUID() clientId!: string;
  @IsIn(CLIENT_KINDS) kind!: ClientKind;
  @IsString() @MaxLength(300) name!: string;
  @IsOptional() @IsEmail() email?: string;
}

/** Shared shape of every matter lifecycle event, so projections can upsert from any of them. */
export class MatterSnapshotV1 {
  @IsUUID() matterId!: string;
  @IsUUID() clientId!: string;
  @IsString() number!: string;
  @IsString() @MaxLength(500) title!: string;
  @IsOptional() @IsString() practiceArea?: string;
  @IsIn(MATTER_STATUSES) status!: MatterStatus;
  @IsISO8601() changedAt!: string;
}

export class MatterOpenedV1 extends MatterSnapshotV1 {
  static readonly type = 'intake.matter.opened';
}
export class MatterUpdatedV1 extends MatterSnapshotV1 {
  static readonly type = 'intake.matter.updated';
}
export class MatterClosedV1 extends MatterSnapshotV1 {
  static readonly type = 'intake.matter.closed';
}
export class MatterReopenedV1 extends MatterSnapshotV1 {
  static readonly type = 'intake.matter.reopened';
}
