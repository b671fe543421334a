import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { PageQuery, ResourceIdPipe } from '@lawfirm/platform';
import {
  BulkResultView,
  BulkTimeEntriesDto,
  CreateTimeEntryDto,
  RejectTimeEntryDto,
  ReverseTimeEntryDto,
  TimeEntryPage,
  TimeEntryView,
  UpdateTimeEntryDto,
} from './dto/create-time-entry.dto';
import { TIME_ENTRY_STATUSES, type TimeEntryStatus } from './time-entry.entity';
import { TimeEntryService } from './time-entry.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

class TimeEntryListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'matterId must be a UUID' })
  matterId?: string;

  @ApiPropertyOptional({
    description:
      'Only entries of these matters: up to 100 comma-separated matter ids (one call for many matters, e.g. the GraphQL batch).',
    type: String,
    example: '0193a2f0-0000-7000-8000-000000000001,0193a2f0-0000-7000-8000-000000000002',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value,
  )
  @IsArray({ message: 'matterIds must be a comma-separated list of matter ids' })
  @ArrayMinSize(1, { message: 'matterIds must name at least one matter' })
  @ArrayMaxSize(100, { message: 'matterIds may name at most 100 matters' })
  @IsUUID('all', { each: true, message: 'matterIds must be a comma-separated list of matter ids (UUIDs)' })
  matterIds?: string[];

  @ApiPropertyOptional({ description: "Only this timekeeper's entries." })
  @IsOptional()
  @IsString()
  timekeeperId?: string;

  @ApiPropertyOptional({ enum: TIME_ENTRY_STATUSES })
  @IsOptional()
  @IsIn(TIME_ENTRY_STATUSES, { message: `status must be one of: ${TIME_ENTRY_STATUSES.join(', ')}` })
  status?: TimeEntryStatus;
}

const entryId = new ResourceIdPipe('time_entry');

@ApiTags('time-entries')
@ApiBearerAuth('bearer')
@Controller('v1/time-entries')
export class TimeEntryController {
  constructor(private readonly entries: TimeEntryService) {}

  @Post()
  @Permit(TIMEKEEPING_POLICY, 'time-entry.create')
  @ApiOperation({ summary: 'Records a draft time entry on an open matter' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: TimeEntryView, description: 'A draft time entry.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTimeEntryDto): Promise<TimeEntryView> {
    return this.entries.create(actor, body);
  }

  @Get()
  @Permit(TIMEKEEPING_POLICY, 'time-entry.read')
  @ApiOperation({ summary: 'Lists time entries, newest first' })
  @ApiOkResponse({ type: TimeEntryPage })
  list(@CurrentActor() actor: Actor, @Query() query: TimeEntryListQuery): Promise<TimeEntryPage> {
    return this.entries.list(
      actor,
      {
        matterId: query.matterId,
        matterIds: query.matterIds,
        status: query.status,
        timekeeperId: query.timekeeperId,
      },
      query.limit,
      query.cursor,
    );
  }

  @Post('bulk-submit')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.bulk-submit')
  @ApiOperation({ summary: 'Submits every draft of a matter and/or date range' })
  @HttpCode(200)
  @ApiOkResponse({
    type: BulkResultView,
    description:
      'Submits every draft of a matter and/or date range; refused entries are listed with the reason.',
  })
  bulkSubmit(@CurrentActor() actor: Actor, @Body() body: BulkTimeEntriesDto): Promise<BulkResultView> {
    return this.entries.bulkSubmit(actor, body);
  }

  @Post('bulk-approve')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.bulk-approve')
  @ApiOperation({ summary: 'Approves every submitted entry of a matter and/or date range' })
  @HttpCode(200)
  @ApiOkResponse({ type: BulkResultView })
  bulkApprove(@CurrentActor() actor: Actor, @Body() body: BulkTimeEntriesDto): Promise<BulkResultView> {
    return this.entries.bulkApprove(actor, body);
  }

  @Get(':id')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.read')
  @ApiOperation({ summary: 'Gets a time entry' })
  @ApiOkResponse({ type: TimeEntryView })
  get(@CurrentActor() actor: Actor, @Param('id', entryId) id: string): Promise<TimeEntryView> {
    return this.entries.get(actor, id);
  }

  @Post(':id/submit')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.submit')
  @ApiOperation({ summary: 'Submits a draft time entry for approval' })
  @HttpCode(200)
  @ApiOkResponse({ type: TimeEntryView, description: 'The entry is submitted for approval.' })
  submit(@CurrentActor() actor: Actor, @Param('id', entryId) id: string): Promise<TimeEntryView> {
    return this.entries.submit(actor, id);
  }

  @Post(':id/approve')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.approve')
  @ApiOperation({ summary: 'Approves a submitted time entry' })
  @HttpCode(200)
  @ApiOkResponse({
    type: TimeEntryView,
    description: 'The entry is approved and flows to billing as work in progress.',
  })
  approve(@CurrentActor() actor: Actor, @Param('id', entryId) id: string): Promise<TimeEntryView> {
    return this.entries.approve(actor, id);
  }

  @Patch(':id')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.edit')
  @ApiOperation({ summary: 'Edits a draft or rejected time entry' })
  @ApiOkResponse({
    type: TimeEntryView,
    description: 'Edits a draft or rejected entry (a rejected entry returns to draft).',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', entryId) id: string,
    @Body() body: UpdateTimeEntryDto,
  ): Promise<TimeEntryView> {
    return this.entries.update(actor, id, body);
  }

  @Post(':id/reject')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.reject')
  @ApiOperation({ summary: 'Rejects a submitted time entry with a reason' })
  @HttpCode(200)
  @ApiOkResponse({ type: TimeEntryView })
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', entryId) id: string,
    @Body() body: RejectTimeEntryDto,
  ): Promise<TimeEntryView> {
    return this.entries.reject(actor, id, body.reason);
  }

  @Post(':id/reverse')
  @Permit(TIMEKEEPING_POLICY, 'time-entry.reverse')
  @ApiOperation({ summary: 'Reverses an approved or billed time entry' })
  @HttpCode(200)
  @ApiOkResponse({ description: 'The original is voided; a new entry carries its negative.' })
  reverse(
    @CurrentActor() actor: Actor,
    @Param('id', entryId) id: string,
    @Body() body: ReverseTimeEntryDto,
  ): Promise<{ reversed: TimeEntryView; reversal: TimeEntryView }> {
    return this.entries.reverse(actor, id, body.reason);
  }
}
