import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { SignInServiceConfig } from '@lawfirm/platform';
import { HEALTH_TARGETS_PATTERN } from './health/health-targets';

export class AdminGatewayConfig extends SignInServiceConfig {
  /** Private EC P-256 JWK (JSON) that signs operations-team tokens. */
  @IsString()
  ADMIN_SIGNING_KEY!: string;

  @IsOptional()
  @IsString()
  ADMIN_TOKEN_ISSUER: string = 'lawfirm-admin-gateway';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  ADMIN_TOKEN_TTL_SECONDS: number = 900;

  /**
   * The audit chain's HMAC-SHA-256 key: 64+ hex characters or base64 of 32+ bytes. Held only in
   * configuration, never in the database, so whoever can write the database cannot forge a link.
   */
  @Matches(/^\s*(?:(?:[0-9a-fA-F]{2}){32,}|[A-Za-z0-9+/_-]{43,}={0,2})\s*$/, {
    message: 'AUDIT_CHAIN_KEY must be 64+ hex characters or base64 of 32+ bytes',
  })
  AUDIT_CHAIN_KEY!: string;

  /**
   * Optional file where the highest head of each chain is kept outside the database, signed with
   * the chain key, so a deleted tail with a rewound head is found after a restart too.
   */
  @IsOptional()
  @IsString()
  AUDIT_ANCHOR_FILE?: string;

  /**
   * The services whose readiness the operations console shows: `name=url` pairs, comma-separated
   * (`gateway=http://127.0.0.1:3000,intake=http://127.0.0.1:4101`); each is probed at `<url>/readyz`.
   */
  @IsOptional()
  @Matches(HEALTH_TARGETS_PATTERN, {
    message: 'HEALTH_TARGETS must be name=http(s)://host:port pairs separated by commas',
  })
  HEALTH_TARGETS?: string;

  /**
   * The public gateway, which owns firms and users: operations' firm routes call its internal
   * `/internal/firms` routes. Unset, the `gateway=` entry of HEALTH_TARGETS is used.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'GATEWAY_URL must be an http(s) URL' })
  GATEWAY_URL?: string;
}

export const OPS_TOKEN_AUDIENCE = 'lawfirm-admin';
