import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { CreateMatterDto, MatterPage, MatterView } from './dto/create-matter.dto';
import { MatterService } from './matter.service';

class MatterListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only matters of this client.' })
  @IsOptional()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;
}

@ApiTags('matters')
@ApiBearerAuth('bearer')
@Controller('v1/matters')
export class MatterController {
  constructor(private readonly matters: MatterService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'attorney', 'paralegal')
  @ApiCreatedResponse({ type: MatterView, description: 'The matter was opened and given a firm-unique number.' })
  open(@CurrentActor() actor: Actor, @Body() body: CreateMatterDto): Promise<MatterView> {
    return this.matters.open(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: MatterPage })
  list(@CurrentActor() actor: Actor, @Query() query: MatterListQuery): Promise<MatterPage> {
    return this.matters.list(actor, query.limit, query.cursor, query.clientId);
  }

  @Get(':id')
  @ApiOkResponse({ type: MatterView })
  get(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('matter')) id: string): Promise<MatterView> {
    return this.matters.get(actor, id);
  }
}
