import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, TokenIssuer } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { TokenRequestDto, TokenResponseDto } from './dto/token-request.dto';
import { IdentityService } from './identity.service';

@ApiTags('auth')
@Controller()
export class TokenController {
  constructor(
    private readonly identity: IdentityService,
    private readonly issuer: TokenIssuer,
  ) {}

  @Public()
  @Post('v1/auth/token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: 'Get an access token',
    description:
      'OAuth 2.0 token endpoint. `grant_type=password` with `username` (e-mail) and `password` for staff; ' +
      '`grant_type=client_credentials` with `client_id` and `client_secret` for integrations. ' +
      'Send the returned token as `Authorization: Bearer <access_token>` on every other /v1 call.',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblemResponse(
    401,
    "Wrong credentials: `invalid_grant` (password) or `invalid_client` (client credentials), with OAuth's `error` member.",
  )
  async token(@Body() body: TokenRequestDto): Promise<TokenResponseDto> {
    const { access_token, token_type, expires_in } = await this.identity.issueToken(body);
    return { access_token, token_type, expires_in };
  }

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys that verify access tokens (JWKS)' })
  @ApiOkResponse({
    description: 'A JSON Web Key Set (RFC 7517) of public keys only.',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kty'],
            properties: {
              kty: { type: 'string', example: 'EC' },
              crv: { type: 'string', example: 'P-256' },
              alg: { type: 'string', example: 'ES256' },
              use: { type: 'string', example: 'sig' },
              kid: { type: 'string' },
              x: { type: 'string' },
              y: { type: 'string' },
            },
          },
        },
      },
    },
  })
  jwks(): { keys: object[] } {
    return this.issuer.jwks();
  }
}
