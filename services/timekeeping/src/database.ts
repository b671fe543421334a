import { ProjectedMatter } from '@lawfirm/matter-projection';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { TimekeepingDomain1764200000000 } from './migrations/1764200000000-timekeeping-domain';
import { TimekeeperClassifications1764300000000 } from './migrations/1764300000000-timekeeper-classifications';
import { TimeEntry } from './time-entries/time-entry.entity';

export const ENTITIES = [TimeEntry, ProjectedMatter];
export const MIGRATIONS = [Initial1764000000000, TimekeepingDomain1764200000000, TimekeeperClassifications1764300000000];
