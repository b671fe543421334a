import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { ValidationFailedError } from '@lawfirm/errors';
import { findProjectedMatter } from '@lawfirm/matter-projection';
import { assertKnownTimeCodes } from '../codes/code-validation';
import { billedTenthsFor } from '@lawfirm/primitives';
import type { CreateTimeEntryDto } from '../time-entries/dto/create-time-entry.dto';
import { parseDuration } from '@lawfirm/primitives';
import { MatterNotOpenError, MatterUnknownError } from '../time-entries/time-entry.exception';
import { TimekeeperService } from '../timekeepers/timekeeper.service';
import type { EntryCheckView } from './dto/billing-guideline.dto';
import { GuidelineService } from './guideline.service';

/**
 * Checks a would-be time entry against the client's current guideline without recording it, so a
 * timekeeper (or a time-capture app) can fix the narrative before saving. It refuses what
 * POST /v1/time-entries would refuse (unknown or closed matter, bad duration, unknown UTBMS code)
 * the same way, and writes nothing.
 */
@Injectable()
export class EntryCheckService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guidelines: GuidelineService,
    private readonly timekeepers: TimekeeperService,
  ) {}

  async check(actor: Actor, input: CreateTimeEntryDto): Promise<EntryCheckView> {
    const minutes = minutesOf(input);
    assertKnownTimeCodes({ taskCode: input.taskCode, activityCode: input.activityCode });
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await findProjectedMatter(manager, input.matterId);
      if (!matter) throw new MatterUnknownError(input.matterId);
      if (matter.status !== 'open') throw new MatterNotOpenError(input.matterId, matter.status);
      const keeper = await this.timekeepers.resolve(manager, actor, input.timekeeperId);
      const evaluation = await this.guidelines.evaluate(manager, {
        clientId: matter.clientId,
        timekeeperId: keeper.timekeeperId,
        workDate: input.workDate,
        minutes,
        narrative: input.narrative,
        taskCode: input.taskCode ?? null,
        activityCode: input.activityCode ?? null,
      });
      return {
        minutes,
        billedTenths: billedTenthsFor(minutes, evaluation.incrementMinutes),
        incrementMinutes: evaluation.incrementMinutes,
        guidelineVersion: evaluation.version,
        mode: evaluation.mode,
        violations: evaluation.violations,
      };
    });
  }
}

/** Minutes from `minutes` or a typed `duration`, exactly one of them, with the messages POST /v1/time-entries gives. */
function minutesOf(input: Pick<CreateTimeEntryDto, 'minutes' | 'duration'>): number {
  if (input.minutes !== undefined && input.duration !== undefined) {
    throw new ValidationFailedError([{ field: 'duration', message: 'give minutes or duration, not both' }]);
  }
  if (input.duration !== undefined) {
    const parsed = parseDuration(input.duration);
    if (!parsed.ok) throw new ValidationFailedError([{ field: 'duration', message: parsed.reason }]);
    return parsed.minutes;
  }
  if (input.minutes === undefined) {
    throw new ValidationFailedError([
      { field: 'minutes', message: 'give the time worked as minutes (e.g. 72) or duration (e.g. "1h 12m")' },
    ]);
  }
  return input.minutes;
}
