import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { VendorTokenRequestDto, VendorTokenResponseDto } from './dto/vendor.dto';
import { VendorsService } from './vendors.service';

@ApiTags('vendor')
@Controller('v1/vendor')
export class VendorTokenController {
  constructor(private readonly vendors: VendorsService) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: "Exchange a partner vendor's API key for an access token",
    description:
      'OAuth 2.0 client credentials with the vendor key (`lfv_…`) as `client_secret`. The token acts for the ' +
      'vendor organisation with the scopes of the key, on the /v1/vendor routes only.',
  })
  @ApiOkResponse({ type: VendorTokenResponseDto })
  @ApiProblemResponse(400, 'A malformed request: a missing or wrong field.')
  @ApiProblemResponse(
    401,
    'The key is malformed, fails its checksum, is unknown or revoked (`invalid_client`, with OAuth’s `error` member).',
  )
  token(@Body() body: VendorTokenRequestDto): Promise<VendorTokenResponseDto> {
    return this.vendors.exchange(body.client_secret);
  }
}
