import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { printedSchema } from './printed-schema';
import { resolvers } from './resolvers';
import { TYPE_DEFS } from './type-defs';

describe('GraphQL schema', () => {
  it('matches the checked-in services/gateway/schema.graphql', () => {
    const file = join(__dirname, '..', '..', 'schema.graphql');
    // On a difference: node -r @swc-node/register services/gateway/src/graphql/write-schema.ts
    expect(readFileSync(file, 'utf8')).toBe(printedSchema(file));
  });

  it('has a resolver only for fields the schema declares', () => {
    const schema = buildSchema(TYPE_DEFS);
    for (const [typeName, fields] of Object.entries(resolvers)) {
      const type = schema.getType(typeName);
      expect(type).toBeDefined();
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(fields as object))
        expect(Object.keys(type.getFields())).toContain(field);
    }
  });

  it('resolves every root field', () => {
    const schema = buildSchema(TYPE_DEFS);
    for (const root of [schema.getQueryType(), schema.getMutationType()]) {
      if (!root) throw new Error('the schema has no Query or Mutation type');
      const resolved = Object.keys(resolvers[root.name as 'Query' | 'Mutation']);
      expect(resolved.sort()).toEqual(Object.keys(root.getFields()).sort());
    }
  });
});
