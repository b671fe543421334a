import type { EntityList, MigrationList } from '@lawfirm/database';

/** Tooling's one door into each service's entities and migrations (by path, as tooling is not a service). */
export interface ServiceSchema {
  ENTITIES: EntityList;
  MIGRATIONS: MigrationList;
}

export function loadServiceSchema(service: string): ServiceSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(`../../services/${service}/src/database`) as ServiceSchema;
}
