import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, TokenIssuer } from '@lawfirm/auth';
import { ApiProblemResponse, setRateLimitHeaders } from '@lawfirm/platform';
import { TokenRequestDto, TokenResponseDto } from './dto/token-request.dto';
import { IdentityService } from './identity.service';

const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { description: 'Failed sign-ins allowed in the window.', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Failed sign-ins left before a lock.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the count is forgotten.', schema: { type: 'integer' } },
} as const;

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
  @ApiOkResponse({ type: TokenResponseDto, headers: RATE_LIMIT_HEADERS })
  @ApiProblemResponse(400, 'A malformed request: a missing or wrong field, NUL characters, a nested value.')
  @ApiProblemResponse(
    401,
    "Wrong credentials: `invalid_grant` (password) or `invalid_client` (client credentials), with OAuth's `error` member.",
  )
  @ApiProblemResponse(
    429,
    'Too many failed sign-ins for this account or from this address (`sign_in_throttled`); `Retry-After` says when to try again. Unknown accounts are throttled alike.',
  )
  async token(
    @Body() body: TokenRequestDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponseDto> {
    const { access_token, token_type, expires_in } = await this.identity.issueToken(body, {
      source: request.ip,
      requestId: request.id,
      report: (rateLimit) => setRateLimitHeaders(reply, rateLimit),
    });
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
