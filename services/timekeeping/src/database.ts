import { ProjectedMatter } from '@lawfirm/matter-projection';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { TimeEntry } from './time-entries/time-entry.entity';

export const ENTITIES = [TimeEntry, ProjectedMatter];
export const MIGRATIONS = [Initial1764000000000];
