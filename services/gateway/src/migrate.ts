import 'reflect-metadata';
import { runMigrationCli } from '@lawfirm/platform';
import { ENTITIES, MIGRATIONS } from './database';

runMigrationCli('gateway', ENTITIES, MIGRATIONS);
