import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { billedTenthsFor } from '@lawfirm/primitives';
import { assertKnownTimeCodes } from '../codes/utbms-code.service';
import { GuidelineService } from '../guidelines/guideline.service';
import { MatterService } from '../matters/matter.service';
import { TimekeeperService } from '../timekeepers/timekeeper.service';
import type { CreateTimeEntryDto, EntryCheckView } from './dto/create-time-entry.dto';
import { requireMinutes } from './time-entry.service';

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
    private readonly matters: MatterService,
  ) {}

  async check(actor: Actor, input: CreateTimeEntryDto): Promise<EntryCheckView> {
    const minutes = requireMinutes(input);
    assertKnownTimeCodes({ taskCode: input.taskCode, activityCode: input.activityCode });
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await this.matters.requireOpen(manager, input.matterId, 'time');
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
