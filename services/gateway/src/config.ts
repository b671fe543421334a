import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Min } from 'class-validator';
import { internalTokenKeyVariable, type DomainServiceName } from '@lawfirm/contracts';
import { IsInternalTokenKey, ServiceConfig } from '@lawfirm/platform';

const url = { require_tld: false, require_protocol: true };

export class GatewayConfig extends ServiceConfig {
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

  /** Where callers reach the gateway, as the API document's `servers` names it; unset, the document says `/` (wherever it was fetched from). */
  @IsOptional()
  @IsUrl(url)
  PUBLIC_ORIGIN?: string;
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
