import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse } from '@lawfirm/platform';
import {
  ConnectVendorDto,
  VendorConnectionList,
  VendorConnectionView,
  VendorIdParams,
} from './dto/vendor.dto';
import { VendorConnectionsService } from './vendor-connections.service';

@ApiTags('vendor-connections')
@ApiBearerAuth('bearer')
@RequireRoles('firm-admin')
@Controller('v1/vendor-connections')
export class VendorConnectionsController {
  constructor(private readonly connections: VendorConnectionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Connect a partner vendor organisation to your firm (it can then be assigned work orders)',
  })
  @ApiCreatedResponse({ type: VendorConnectionView })
  @ApiProblemResponse(400, 'vendorId is not a UUID.')
  @ApiProblemResponse(403, 'Only firm administrators connect vendors.')
  @ApiProblemResponse(404, 'No vendor organisation has this id.')
  @ApiProblemResponse(409, 'The vendor is connected already.')
  connect(@CurrentActor() actor: Actor, @Body() body: ConnectVendorDto): Promise<VendorConnectionView> {
    return this.connections.connect(actor, body.vendorId);
  }

  @Get()
  @ApiOperation({ summary: "Your firm's vendor connections, current and past" })
  @ApiOkResponse({ type: VendorConnectionList })
  @ApiProblemResponse(403, 'Only firm administrators see vendor connections.')
  list(@CurrentActor() actor: Actor): Promise<VendorConnectionList> {
    return this.connections.list(actor);
  }

  @Delete(':vendorId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Disconnect a vendor: from the next request on it can work on none of your work orders',
  })
  @ApiOkResponse({ type: VendorConnectionView })
  @ApiProblemResponse(400, 'vendorId is not a UUID.')
  @ApiProblemResponse(403, 'Only firm administrators disconnect vendors.')
  @ApiProblemResponse(404, 'The vendor is not connected to your firm.')
  disconnect(@CurrentActor() actor: Actor, @Param() params: VendorIdParams): Promise<VendorConnectionView> {
    return this.connections.disconnect(actor, params.vendorId);
  }
}
