import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Public, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { CalendarFeedService } from './calendar-feed.service';
import {
  CalendarFeedList,
  CalendarFeedSecretView,
  CalendarFeedView,
  CreateCalendarFeedDto,
} from './dto/calendar-feed.dto';

const feedId = new ResourceIdPipe('calendar-feed');

@ApiTags('docket')
@Controller('v1')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Post('calendar-feeds')
  @HttpCode(201)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: "Creates a calendar feed (yours, or a matter's) on a secret URL shown once" })
  @ApiCreatedResponse({ type: CalendarFeedSecretView })
  @ApiProblemResponse(404, 'The matter is unknown.')
  create(@CurrentActor() actor: Actor, @Body() body: CreateCalendarFeedDto): Promise<CalendarFeedSecretView> {
    return this.feeds.create(actor, body);
  }

  @Get('calendar-feeds')
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Lists your calendar feeds (without their secrets)' })
  @ApiOkResponse({ type: CalendarFeedList })
  async mine(@CurrentActor() actor: Actor): Promise<CalendarFeedList> {
    return { items: await this.feeds.mine(actor) };
  }

  @Post('calendar-feeds/:id/rotate')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Gives a calendar feed a new secret URL; the old one stops working' })
  @ApiOkResponse({ type: CalendarFeedSecretView })
  @ApiProblemResponse(409, 'The feed is revoked.')
  rotate(@CurrentActor() actor: Actor, @Param('id', feedId) id: string): Promise<CalendarFeedSecretView> {
    return this.feeds.rotate(actor, id);
  }

  @Post('calendar-feeds/:id/revoke')
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiOperation({ summary: 'Revokes a calendar feed: its URL answers 404 from now on' })
  @ApiOkResponse({ type: CalendarFeedView })
  @ApiProblemResponse(409, 'The feed is already revoked.')
  revoke(@CurrentActor() actor: Actor, @Param('id', feedId) id: string): Promise<CalendarFeedView> {
    return this.feeds.revoke(actor, id);
  }

  @Get('calendar-feeds/:token/calendar.ics')
  @Public()
  @ApiSecurity({})
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, max-age=300')
  @ApiOperation({
    summary:
      'The calendar behind a secret feed URL (RFC 5545), for Outlook and Google Calendar to subscribe to',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'An iCalendar (text/calendar) document.' })
  @ApiProblemResponse(404, 'No live feed has this secret (unknown, rotated or revoked).')
  calendar(@Param('token') token: string): Promise<string> {
    return this.feeds.render(token);
  }
}
