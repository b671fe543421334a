import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import { CreateTimeEntryDto, TimeEntryPage, TimeEntryView } from './dto/create-time-entry.dto';
import { TIME_ENTRY_STATUSES, type TimeEntryStatus } from './time-entry.entity';
import { TimeEntryService } from './time-entry.service';

class TimeEntryListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;

  @ApiPropertyOptional({ enum: TIME_ENTRY_STATUSES })
  @IsOptional()
  @IsIn(TIME_ENTRY_STATUSES, { message: `status must be one of: ${TIME_ENTRY_STATUSES.join(', ')}` })
  status?: TimeEntryStatus;
}

@ApiTags('time-entries')
@ApiBearerAuth('bearer')
@Controller('v1/time-entries')
export class TimeEntryController {
  constructor(private readonly entries: TimeEntryService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'attorney', 'paralegal', 'billing')
  @ApiCreatedResponse({ type: TimeEntryView, description: 'A draft time entry.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTimeEntryDto): Promise<TimeEntryView> {
    return this.entries.create(actor, body);
  }

  @Get()
  @ApiOkResponse({ type: TimeEntryPage })
  list(@CurrentActor() actor: Actor, @Query() query: TimeEntryListQuery): Promise<TimeEntryPage> {
    return this.entries.list(actor, { matterId: query.matterId, status: query.status }, query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ type: TimeEntryView })
  get(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('time_entry')) id: string): Promise<TimeEntryView> {
    return this.entries.get(actor, id);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'attorney', 'paralegal', 'billing')
  @ApiOkResponse({ type: TimeEntryView, description: 'The entry is submitted for approval.' })
  submit(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('time_entry')) id: string): Promise<TimeEntryView> {
    return this.entries.submit(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'attorney', 'billing')
  @ApiOkResponse({ type: TimeEntryView, description: 'The entry is approved and flows to billing as work in progress.' })
  approve(@CurrentActor() actor: Actor, @Param('id', new ResourceIdPipe('time_entry')) id: string): Promise<TimeEntryView> {
    return this.entries.approve(actor, id);
  }
}
