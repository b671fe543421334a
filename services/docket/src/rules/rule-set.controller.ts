import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@lawfirm/auth';
import { NotFoundError } from '@lawfirm/errors';
import { ApiProblemResponse } from '@lawfirm/platform';
import type { RuleSetDefinition } from './deadline.rules';
import {
  ComputeDeadlineDto,
  ComputedDeadlineView,
  CourtYearView,
  HolidayYearQuery,
  RuleSetList,
  type RuleSetView,
} from './dto/rule-set.dto';
import { RuleSetService } from './rule-set.service';

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1')
export class RuleSetController {
  constructor(private readonly ruleSets: RuleSetService) {}

  @Get('rule-sets')
  @ApiOperation({ summary: 'Lists every version of every court rule set, with its rules and citations' })
  @ApiOkResponse({ type: RuleSetList })
  async list(@CurrentActor() actor: Actor): Promise<RuleSetList> {
    return { items: (await this.ruleSets.list(actor)).map(toRuleSetView) };
  }

  @Get('rule-sets/:ruleSetId/holidays')
  @ApiOperation({
    summary: "Lists the days a rule set's court is closed in a year: legal holidays and declared closures",
  })
  @ApiOkResponse({ type: CourtYearView })
  @ApiProblemResponse(422, 'No version of the rule set was in force in that year.')
  async holidays(
    @CurrentActor() actor: Actor,
    @Param('ruleSetId') ruleSetId: string,
    @Query() query: HolidayYearQuery,
  ): Promise<CourtYearView> {
    // Rule-set ids are short lowercase codes; anything else (NUL, a 90-character string) names none.
    if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(ruleSetId))
      throw new NotFoundError('rule_set', '(not a rule-set id)');
    const year = await this.ruleSets.holidaysOf(actor, ruleSetId, query.year);
    return {
      ruleSetId: year.ruleSet.id,
      ruleSetVersion: year.ruleSet.version,
      calendarId: year.ruleSet.holidayCalendar.id,
      calendarVersion: year.ruleSet.holidayCalendar.version,
      calendarName: year.calendarName,
      year: query.year,
      holidays: year.holidays,
      closures: year.closures.map((closure) => ({ date: closure.closedOn, reason: closure.reason })),
    };
  }

  @Post('deadlines/compute')
  @HttpCode(200)
  @ApiOperation({ summary: "Computes one rule's deadline with its explanation, without saving anything" })
  @ApiOkResponse({ type: ComputedDeadlineView })
  @ApiProblemResponse(
    422,
    'No version of the rule set was in force on the date, or the rule needs input not given.',
  )
  async compute(
    @CurrentActor() actor: Actor,
    @Body() body: ComputeDeadlineDto,
  ): Promise<ComputedDeadlineView> {
    const { ruleSet, computed } = await this.ruleSets.whatIf(actor, body);
    return {
      ruleSetId: ruleSet.id,
      ruleSetVersion: ruleSet.version,
      ruleCode: body.ruleCode,
      dueDate: computed.dueDate,
      ...(computed.dueTime ? { dueTime: computed.dueTime } : {}),
      explanation: computed.explanation,
    };
  }
}

function toRuleSetView(ruleSet: RuleSetDefinition): RuleSetView {
  return {
    id: ruleSet.id,
    version: ruleSet.version,
    name: ruleSet.name,
    jurisdiction: ruleSet.jurisdiction,
    effectiveFrom: ruleSet.effectiveFrom,
    ...(ruleSet.effectiveTo ? { effectiveTo: ruleSet.effectiveTo } : {}),
    countingCitation: ruleSet.countingCitation,
    holidayCalendarId: ruleSet.holidayCalendar.id,
    holidayCalendarVersion: ruleSet.holidayCalendar.version,
    triggerEvents: ruleSet.triggerEvents.map(({ code, name }) => ({ code, name })),
    serviceMethods: ruleSet.serviceMethods.map((method) => ({
      code: method.code,
      name: method.name,
      ...(method.extension
        ? { extension: `${method.extension.amount} ${method.extension.unit} (${method.extension.citation})` }
        : {}),
    })),
    rules: ruleSet.rules.map((rule) => ({
      code: rule.code,
      name: rule.name,
      citation: rule.citation,
      ...(rule.triggerEvent ? { triggerEvent: rule.triggerEvent } : {}),
      ...(rule.triggerRule ? { triggerRule: rule.triggerRule } : {}),
      periodAmount: rule.period.amount,
      periodUnit: rule.period.unit,
      direction: rule.direction,
      serviceExtension: rule.serviceExtension,
      ...(rule.note ? { note: rule.note } : {}),
    })),
  };
}
