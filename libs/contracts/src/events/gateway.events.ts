import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUrl, IsUUID, MaxLength, Min } from 'class-validator';

/** Who must hear of a webhook endpoint that keeps failing: a mailer or a console reads it off this event. */
export const WEBHOOK_NOTIFY = ['firm-admins'] as const;

/** What the firm's administrators are told about a failing webhook endpoint. */
class WebhookEndpointNoticeV1 {
  @IsUUID() subscriptionId!: string;
  @IsUrl({ require_tld: false, require_protocol: true }) url!: string;
  @IsIn(WEBHOOK_NOTIFY) notify!: (typeof WEBHOOK_NOTIFY)[number];
  /** The first attempt of the oldest delivery that ran out of retries. */
  @IsISO8601() failingSince!: string;
  @IsOptional() @IsInt() @Min(0) lastResponseStatus?: number;
  @IsOptional() @IsString() @MaxLength(1000) lastError?: string;
}

/**
 * A delivery to the endpoint failed for the whole retry window and no later delivery succeeded:
 * the firm's administrators are told, and the endpoint is disabled at `disableAt` unless a delivery
 * succeeds before then. Never silent: an endpoint is disabled only after this was committed.
 */
export class WebhookEndpointFailingV1 extends WebhookEndpointNoticeV1 {
  static readonly type = 'gateway.webhook.endpoint-failing';
  @IsISO8601() disableAt!: string;
}

/** The endpoint was disabled after its failing notice; nothing more is sent to it until an administrator enables it again. */
export class WebhookEndpointDisabledV1 extends WebhookEndpointNoticeV1 {
  static readonly type = 'gateway.webhook.endpoint-disabled';
  @IsISO8601() notifiedAt!: string;
}

export const ACCESS_PRINCIPAL_TYPES = ['user', 'integration', 'firm'] as const;
export type AccessPrincipalType = (typeof ACCESS_PRINCIPAL_TYPES)[number];
export const ACCESS_REVOCATION_REASONS = [
  'deactivated',
  'reactivated',
  'password-changed',
  'roles-changed',
  'client-revoked',
  'firm-suspended',
  'firm-reactivated',
] as const;

/**
 * A principal's revocation epoch moved: tokens issued before it no longer pass. Every gateway
 * instance hears it (each with a consumer group of its own) and forgets what it cached of the
 * principal, so the next request with an old token is refused at once.
 */
export class AccessRevokedV1 {
  static readonly type = 'gateway.access.revoked';
  @IsIn(ACCESS_PRINCIPAL_TYPES) principalType!: AccessPrincipalType;
  @IsUUID() principalId!: string;
  @IsInt() @Min(0) epoch!: number;
  @IsIn(ACCESS_REVOCATION_REASONS) reason!: (typeof ACCESS_REVOCATION_REASONS)[number];
}
