/**
 * Prints the SQL TypeORM would need to bring a service's database in line with its
 * entities. After migrations it must print nothing: a non-empty result means an entity
 * and the migrations disagree. Usage: schema-drift <service> <owner database url>
 */
import 'reflect-metadata';
import { createDataSource } from '@lawfirm/database';
import { loadServiceSchema } from './lib/service-schemas';

export async function schemaDrift(service: string, url: string): Promise<string[]> {
  const schema = loadServiceSchema(service);
  const dataSource = createDataSource({ url, entities: schema.ENTITIES, applicationName: 'schema-drift', poolSize: 1 });
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const [service, url] = process.argv.slice(2);
  if (!service || !url) {
    console.error('usage: schema-drift <service> <database url>');
    process.exit(2);
  }
  schemaDrift(service, url)
    .then((queries) => {
      for (const query of queries) console.log(`${query};`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
