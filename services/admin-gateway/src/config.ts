import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';
import { ServiceConfig } from '@lawfirm/platform';

export class AdminGatewayConfig extends ServiceConfig {
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
}

export const OPS_TOKEN_AUDIENCE = 'lawfirm-admin';
