/** Writes services/gateway/schema.graphql from the SDL in type-defs.ts (schema.spec.ts checks they agree). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printedSchema } from './printed-schema';

const file = join(__dirname, '..', '..', 'schema.graphql');
writeFileSync(file, printedSchema(file));
