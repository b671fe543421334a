import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import { VendorFirmList } from './dto/vendor.dto';
import { VendorConnectionsService } from './vendor-connections.service';
import { NeedsVendorScope, VendorCallerGuard } from './vendor-caller.guard';

/** What a partner vendor calls with its own token (from POST /v1/vendor/token). */
@ApiTags('vendor')
@ApiBearerAuth('bearer')
@UseGuards(VendorCallerGuard)
@Controller('v1/vendor')
export class VendorController {
  constructor(private readonly connections: VendorConnectionsService) {}

  @Get('firms')
  @NeedsVendorScope('work-orders:read')
  @ApiOperation({ summary: 'The firms your vendor organisation is connected to now' })
  @ApiOkResponse({ type: VendorFirmList })
  @ApiProblemResponse(401, 'No token, or a token whose key was revoked.')
  @ApiProblemResponse(403, 'Not a vendor token (`vendor_only`), or the key lacks work-orders:read.')
  async firms(@CurrentActor() vendor: Actor): Promise<VendorFirmList> {
    return { items: await this.connections.connectionsOf(vendor.subject) };
  }
}
