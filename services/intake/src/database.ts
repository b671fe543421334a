import { Client } from './clients/client.entity';
import { MatterNumberCounter } from './matters/matter-number-counter.entity';
import { Matter } from './matters/matter.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { IntakeDomain1764100000000 } from './migrations/1764100000000-intake-domain';
import { ConflictSearchIndexes1764300000000 } from './migrations/1764300000000-conflict-search-indexes';

export const ENTITIES = [Client, Matter, MatterNumberCounter];
export const MIGRATIONS = [Initial1764000000000, IntakeDomain1764100000000, ConflictSearchIndexes1764300000000];
