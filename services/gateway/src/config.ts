import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { internalTokenKeyVariable, type DomainServiceName } from '@lawfirm/contracts';
import { IsInternalTokenKey, SignInServiceConfig } from '@lawfirm/platform';

const url = { require_tld: false, require_protocol: true };

export class GatewayConfig extends SignInServiceConfig {
  /** Private EC P-256 JWK (JSON) that signs the access tokens callers get. */
  @IsString()
  GATEWAY_SIGNING_KEY!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** How long the gateway waits for a service's answer; after it, a keyed request is "in doubt". */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(50)
  UPSTREAM_TIMEOUT_MS: number = 30_000;

  @IsUrl(url) INTAKE_URL!: string;
  @IsUrl(url) TIMEKEEPING_URL!: string;
  @IsUrl(url) BILLING_URL!: string;
  @IsUrl(url) DOCKET_URL!: string;
  @IsUrl(url) DOCUMENT_URL!: string;
  @IsUrl(url) ADMIN_GATEWAY_URL!: string;

  /**
   * One HS256 key per upstream (base64url, at least 32 bytes) for the internal tokens minted for
   * it; each service holds only its own, as INTERNAL_TOKEN_KEY.
   */
  @IsInternalTokenKey() INTAKE_INTERNAL_TOKEN_KEY!: string;
  @IsInternalTokenKey() TIMEKEEPING_INTERNAL_TOKEN_KEY!: string;
  @IsInternalTokenKey() BILLING_INTERNAL_TOKEN_KEY!: string;
  @IsInternalTokenKey() DOCKET_INTERNAL_TOKEN_KEY!: string;
  @IsInternalTokenKey() DOCUMENT_INTERNAL_TOKEN_KEY!: string;
  @IsInternalTokenKey() ADMIN_GATEWAY_INTERNAL_TOKEN_KEY!: string;

  /**
   * Webhooks: the key (base64url, at least 32 bytes) that encrypts subscriptions' signing secrets at
   * rest. Unset, a key is derived from GATEWAY_SIGNING_KEY (HKDF), so rotating that key would make
   * existing secrets unreadable: set this in production.
   */
  @IsOptional()
  @IsInternalTokenKey()
  WEBHOOK_SECRET_KEY?: string;

  /**
   * Webhooks may be sent to private, loopback, link-local and metadata addresses (SSRF). Unset: refused
   * when NODE_ENV=production (the image sets it), allowed otherwise (development and tests, where
   * receivers run on this machine). `false` refuses them everywhere.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE_TARGETS?: boolean;

  /** `production` refuses private webhook targets unless WEBHOOK_ALLOW_PRIVATE_TARGETS says otherwise. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** First retry delay of a failed webhook delivery; each later one doubles, up to WEBHOOK_RETRY_MAX_DELAY_MS. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_BASE_MS: number = 30_000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_MAX_DELAY_MS: number = 6 * 3600_000;

  /** How long a delivery is retried before it counts as failed (3 days). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  WEBHOOK_RETRY_WINDOW_MS: number = 3 * 24 * 3600_000;

  /** Between the failing notice to the firm's admins and the endpoint being disabled (if nothing succeeds meanwhile). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  WEBHOOK_DISABLE_GRACE_MS: number = 24 * 3600_000;

  /** How long one webhook request may take (connect, send, answer). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** How often an idle delivery worker looks for due deliveries. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  WEBHOOK_POLL_INTERVAL_MS: number = 500;

  /** Deliveries one worker sends at the same time. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(256)
  WEBHOOK_CONCURRENCY: number = 16;

  /** Where callers reach the gateway, as the API document's `servers` names it; unset, the document says `/` (wherever it was fetched from). */
  @IsOptional()
  @IsUrl(url)
  PUBLIC_ORIGIN?: string;

  /**
   * How e-mail (invitation and password-reset links) leaves: `smtp` sends through SMTP_URI; `file`
   * writes each message into MAIL_DIR (`npm start`); `memory` keeps it in the process (tests).
   */
  @IsOptional()
  @IsIn(['smtp', 'file', 'memory'])
  MAIL_TRANSPORT: 'smtp' | 'file' | 'memory' = 'file';

  @IsOptional()
  @IsString()
  MAIL_DIR: string = '.local/mail';

  /**
   * The SMTP server, `smtp://user:password@host:587` or `smtps://…:465`; required when MAIL_TRANSPORT=smtp.
   * Named _URI, not _URL: a gateway variable ending in _URL names an upstream service (the k8s manifests
   * and their test route every one to a Service).
   */
  @ValidateIf((config: GatewayConfig) => config.MAIL_TRANSPORT === 'smtp' || config.SMTP_URI !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['smtp', 'smtps'] })
  SMTP_URI?: string;

  /**
   * Seals users' TOTP secrets at rest (AES-256-GCM; base64url, at least 32 bytes). Unset, a key is
   * derived from GATEWAY_SIGNING_KEY (HKDF), so rotating that key would lose every enrolment: set this
   * in production.
   */
  @IsOptional()
  @IsInternalTokenKey()
  TOTP_SECRET_KEY?: string;

  /** The From header of the gateway's e-mail. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  MAIL_FROM: string = 'Law-firm platform <no-reply@localhost>';
}

export const ACCESS_TOKEN_AUDIENCE = 'lawfirm-api';

/** The services the gateway calls: every domain service, and the admin gateway for a firm's own audit trail. */
export type Upstream = DomainServiceName | 'admin-gateway';

type UpstreamUrlVariable = `${Uppercase<DomainServiceName>}_URL` | 'ADMIN_GATEWAY_URL';

/** Where `service` listens: `billing` → BILLING_URL, `admin-gateway` → ADMIN_GATEWAY_URL. */
export function upstreamUrl(config: GatewayConfig, service: Upstream): string {
  return config[`${service.toUpperCase().replace('-', '_')}_URL` as UpstreamUrlVariable];
}

/** The key of `service`'s internal tokens: `billing` → BILLING_INTERNAL_TOKEN_KEY. */
export function upstreamInternalTokenKey(config: GatewayConfig, service: Upstream): string {
  return config[internalTokenKeyVariable(service)];
}
