import { ApiClient } from './identity/api-client.entity';
import { Firm } from './identity/firm.entity';
import { User } from './identity/user.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';

export const ENTITIES = [Firm, User, ApiClient];
export const MIGRATIONS = [Initial1764000000000];
