import { Body, Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { decoy, Public, TokenIssuer, verifySecret } from '@lawfirm/auth';
import { PLATFORM_FIRM_ID } from '@lawfirm/contracts';
import { DomainError } from '@lawfirm/errors';
import { ApiProblemResponse, SERVICE_CONFIG } from '@lawfirm/platform';
import { OPS_TOKEN_AUDIENCE, type AdminGatewayConfig } from '../config';
import { OpsUser } from './ops-user.entity';

class OpsTokenRequestDto {
  @ApiProperty({ enum: ['password'] })
  @IsIn(['password'], { message: 'grant_type must be password' })
  grant_type!: 'password';

  @ApiProperty({ example: 'ops@platform.test' })
  @IsString()
  @IsNotEmpty({ message: 'username is required' })
  @MaxLength(320)
  username!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(1024)
  password!: string;
}

class OpsTokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty() token_type!: 'Bearer';
  @ApiProperty() expires_in!: number;
}

@ApiTags('ops-auth')
@Controller('admin/auth')
export class OpsAuthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TokenIssuer) private readonly issuer: TokenIssuer,
    @Inject(SERVICE_CONFIG) private readonly config: AdminGatewayConfig,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({ summary: 'Get an operations-team access token (password grant)' })
  @ApiOkResponse({ type: OpsTokenResponseDto })
  @ApiProblemResponse(401, 'Wrong e-mail address or password (`invalid_grant`).')
  async token(@Body() body: OpsTokenRequestDto): Promise<OpsTokenResponseDto> {
    const user = await this.dataSource
      .getRepository(OpsUser)
      .findOne({ where: { email: body.username.trim().toLowerCase() } });
    const valid = await verifySecret(user?.passwordHash ?? (await decoy()), body.password);
    if (!user || !valid) {
      throw new DomainError(
        'unauthorized',
        'invalid_grant',
        'The e-mail address or password is not correct.',
        [],
        { error: 'invalid_grant' },
      );
    }
    const ttl = this.config.ADMIN_TOKEN_TTL_SECONDS;
    const token = await this.issuer.sign(
      OPS_TOKEN_AUDIENCE,
      { firmId: PLATFORM_FIRM_ID, subject: user.id, actorType: 'ops', roles: user.roles, scopes: [] },
      ttl,
    );
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  }
}
