import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import {
  CreateRateRuleDto,
  EndRateRuleDto,
  RateRuleListQuery,
  RateRulePage,
  RateRuleView,
} from './dto/rate-rule.dto';
import { RatesService } from './rates.service';

const ruleId = new ResourceIdPipe('rate_rule');

@ApiTags('billing')
@ApiBearerAuth('bearer')
@Controller('v1/rate-rules')
export class RatesController {
  constructor(private readonly rates: RatesService) {}

  @Post()
  @HttpCode(201)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Creates a rate rule (a later effectiveFrom schedules an increase)' })
  @ApiCreatedResponse({ type: RateRuleView })
  @ApiConflictResponse({ description: 'rate_rule_exists: a rule with the same reach and start exists.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateRateRuleDto): Promise<RateRuleView> {
    return this.rates.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Lists rate rules, newest first' })
  @ApiOkResponse({ type: RateRulePage })
  list(@CurrentActor() actor: Actor, @Query() query: RateRuleListQuery): Promise<RateRulePage> {
    return this.rates.list(
      actor,
      { scope: query.scope, matterId: query.matterId, activeOn: query.activeOn },
      query.limit,
      query.cursor,
    );
  }

  @Post(':id/end')
  @HttpCode(200)
  @RequireRoles('firm-admin', 'billing')
  @ApiOperation({ summary: 'Ends a rate rule on a last day' })
  @ApiOkResponse({ type: RateRuleView })
  @ApiConflictResponse({ description: 'rate_rule_already_ended: it already ends on or before that day.' })
  end(
    @CurrentActor() actor: Actor,
    @Param('id', ruleId) id: string,
    @Body() body: EndRateRuleDto,
  ): Promise<RateRuleView> {
    return this.rates.end(actor, id, body.lastDay);
  }
}
