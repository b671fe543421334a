import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { ClientService } from './client.service';
import { ClientPage, ClientView, CreateClientDto } from './dto/create-client.dto';

@ApiTags('clients')
@ApiBearerAuth('bearer')
@Controller('v1/clients')
export class ClientController {
  constructor(private readonly clients: ClientService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'attorney', 'paralegal')
  @ApiCreatedResponse({ type: ClientView, description: 'The client was recorded.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateClientDto): Promise<ClientView> {
    return this.clients.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: ClientPage })
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<ClientPage> {
    return this.clients.list(actor, page.limit, page.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ClientView })
  get(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('client')) id: string): Promise<ClientView> {
    return this.clients.get(actor, id);
  }
}
