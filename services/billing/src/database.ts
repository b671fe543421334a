import { ProjectedMatter } from '@lawfirm/matter-projection';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { WipReversals1764200000001 } from './migrations/1764200000001-wip-reversals';
import { WipEntry } from './wip/wip-entry.entity';

export const ENTITIES = [WipEntry, ProjectedMatter];
export const MIGRATIONS = [Initial1764000000000, WipReversals1764200000001];
