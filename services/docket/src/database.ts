import { ProjectedMatter } from '@lawfirm/matter-projection';
import { Initial1764000000000 } from './migrations/1764000000000-initial';

export const ENTITIES = [ProjectedMatter];
export const MIGRATIONS = [Initial1764000000000];
