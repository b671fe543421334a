import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { ClientService } from './client.service';
import {
  AlternateNameDto,
  ClientPage,
  ClientView,
  CreateClientDto,
  CreateRelationshipDto,
} from './dto/create-client.dto';
import { INTAKE_POLICY } from '../access-policy';

class AddNamesDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'names must list at least one name' })
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'names must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AlternateNameDto)
  names!: AlternateNameDto[];
}

@ApiTags('clients')
@ApiBearerAuth('bearer')
@Controller('v1/clients')
export class ClientController {
  constructor(private readonly clients: ClientService) {}

  @Post()
  @Permit(INTAKE_POLICY, 'client.create')
  @ApiOperation({ summary: 'Record a client' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: ClientView, description: 'The client was recorded.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateClientDto): Promise<ClientView> {
    return this.clients.create(actor, body);
  }

  @Get()
  @Permit(INTAKE_POLICY, 'client.read')
  @ApiOperation({ summary: 'List clients' })
  @ApiOkResponse({ type: ClientPage })
  list(@CurrentActor() actor: Actor, @Query() page: PageQuery): Promise<ClientPage> {
    return this.clients.list(actor, page.limit, page.cursor);
  }

  @Get(':id')
  @Permit(INTAKE_POLICY, 'client.read')
  @ApiOperation({ summary: 'Get a client' })
  @ApiOkResponse({ type: ClientView })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('client')) id: string,
  ): Promise<ClientView> {
    return this.clients.get(actor, id);
  }

  @Post(':id/names')
  @Permit(INTAKE_POLICY, 'client.edit')
  @ApiOperation({ summary: 'Add alternate names to a client' })
  @HttpCode(201)
  @ApiBody({
    schema: {
      properties: { names: { type: 'array', items: { $ref: '#/components/schemas/AlternateNameDto' } } },
    },
  })
  @ApiCreatedResponse({
    type: ClientView,
    description: 'The names are recorded and searched by every later conflict check.',
  })
  addNames(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('client')) id: string,
    @Body() body: AddNamesDto,
  ): Promise<ClientView> {
    return this.clients.addAlternateNames(actor, id, body.names);
  }

  @Post(':id/relationships')
  @Permit(INTAKE_POLICY, 'client.edit')
  @ApiOperation({ summary: 'Relate a client to another record' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: ClientView })
  relate(
    @CurrentActor() actor: Actor,
    @Param('id', new ResourceIdPipe('client')) id: string,
    @Body() body: CreateRelationshipDto,
  ): Promise<ClientView> {
    return this.clients.relate(actor, id, body);
  }
}
