import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { ApiClientService } from './api-client.service';
import { ApiClientPage, ApiClientView, CreateApiClientDto, CreatedApiClientView } from './dto/api-client.dto';

@ApiTags('api-clients')
@ApiBearerAuth('bearer')
@RequireRoles('firm-admin')
@Controller('v1/api-clients')
export class ApiClientController {
  constructor(private readonly clients: ApiClientService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue integration credentials (client id and secret)' })
  @ApiCreatedResponse({
    type: CreatedApiClientView,
    description: 'The new credentials; the secret is shown only here.',
  })
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiClientDto): Promise<CreatedApiClientView> {
    return this.clients.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: "List your firm's integration credentials (without secrets)" })
  @ApiOkResponse({ type: ApiClientPage })
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<ApiClientPage> {
    return this.clients.list(actor, page.limit, page.cursor);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke integration credentials; their tokens stop being issued' })
  @ApiOkResponse({ type: ApiClientView })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('api_client')) id: string,
  ): Promise<ApiClientView> {
    return this.clients.revoke(actor, id);
  }
}
