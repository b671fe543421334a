import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

export const MATTER_STATUSES = ['pending', 'open', 'closed'] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

export const CLIENT_KINDS = ['person', 'company'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** Shared shape of client events. */
export class ClientSnapshotV1 {
  @IsUUID() clientId!: string;
  @IsIn(CLIENT_KINDS) kind!: ClientKind;
  @IsString() @MaxLength(300) name!: string;
  @IsOptional() @IsEmail() email?: string;
}

export class ClientCreatedV1 extends ClientSnapshotV1 {
  static readonly type = 'intake.client.created';
}

export class ClientUpdatedV1 extends ClientSnapshotV1 {
  static readonly type = 'intake.client.updated';
  /** Every name the client goes by now (primary and alternates). */
  @IsOptional() @IsArray() @IsString({ each: true }) alternateNames?: string[];
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
  @IsOptional() @IsString() jurisdiction?: string;
  @IsOptional() @IsString() responsibleAttorneyId?: string;
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

/** Kinds of outsourced work a client can consent to (ABA Formal Op. 08-451). */
export const OUTSOURCING_SCOPES = [
  'document-review',
  'billing',
  'drafting',
  'research',
  'paralegal-support',
  'e-discovery',
  'transcription',
] as const;
export type OutsourcingScope = (typeof OUTSOURCING_SCOPES)[number];

export class ConsentGrantedV1 {
  static readonly type = 'intake.consent.granted';
  @IsUUID() consentId!: string;
  @IsUUID() clientId!: string;
  @IsArray() @ArrayUnique() @IsIn(OUTSOURCING_SCOPES, { each: true }) scopes!: OutsourcingScope[];
  /** Specific vendors, or absent for any vendor the firm has approved. */
  @IsOptional() @IsArray() @IsUUID('all', { each: true }) vendorIds?: string[];
  @Matches(/^\d{4}-\d{2}-\d{2}$/) givenOn!: string;
  @IsString() method!: string;
  @IsOptional() @IsString() documentRef?: string;
}

export class ConsentRevokedV1 {
  static readonly type = 'intake.consent.revoked';
  @IsUUID() consentId!: string;
  @IsUUID() clientId!: string;
  @IsISO8601() revokedAt!: string;
  @IsOptional() @IsString() reason?: string;
}
