import { execFileSync } from 'node:child_process';
import { buildSchema, printSchema } from 'graphql';
import { TYPE_DEFS } from './type-defs';

/**
 * The schema as checked in (`services/gateway/schema.graphql`): printed by graphql-js in the order
 * type-defs.ts declares it, then formatted by Prettier like the rest of the tree (format:check).
 * Prettier runs as its CLI: its API loads plugins with a dynamic import, which jest cannot run.
 */
export function printedSchema(file: string): string {
  return execFileSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', file],
    {
      input: printSchema(buildSchema(TYPE_DEFS)),
      encoding: 'utf8',
    },
  );
}
