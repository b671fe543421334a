import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import {
  CreateRateRuleDto,
  EndRateRuleDto,
  RateRuleListQuery,
  RateRulePage,
  RateRuleView,
} from './dto/rate-rule.dto';
import { RatesService } from './rates.service';

// Through the gateway a forwarded write may also answer its Idempotency-Key refusals; an explicit
// 409 or 422 here replaces the gateway's own description of them, so it repeats them.
const IDEMPOTENCY_409 =
  ' Through the gateway, also idempotency_in_progress (a request with this Idempotency-Key is still running).';

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
  @ApiProblemResponse(409, 'rate_rule_exists: a rule with the same reach and start exists.' + IDEMPOTENCY_409)
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
  @ApiProblemResponse(
    409,
    'rate_rule_already_ended: it already ends on or before that day.' + IDEMPOTENCY_409,
  )
  end(
    @CurrentActor() actor: Actor,
    @Param('id', ruleId) id: string,
    @Body() body: EndRateRuleDto,
  ): Promise<RateRuleView> {
    return this.rates.end(actor, id, body.lastDay);
  }
}
