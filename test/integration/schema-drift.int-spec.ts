/** Migrations and entities agree: generating a migration from the entities would produce nothing. */
import 'reflect-metadata';
import { testDatabases } from '@lawfirm/testing';
import { schemaDrift } from '../../scripts/schema-drift';

describe('Schema drift', () => {
  it.each(Object.entries(testDatabases()))('%s: entities need no schema change after migrations', async (service, db) => {
    expect(await schemaDrift(service, db.owner)).toEqual([]);
  });
});
