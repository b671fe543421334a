import 'reflect-metadata';
import { runMigrationCli } from '@lawfirm/platform';
import { ENTITIES, MIGRATIONS } from './database';

runMigrationCli('admin-gateway', ENTITIES, MIGRATIONS);
