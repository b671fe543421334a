import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_DEFINITIONS, TOPICS } from '@lawfirm/contracts';

/** A JSON Schema object (draft 2020-12 subset as class-validator-jsonschema writes it). */
export type JsonSchema = Record<string, unknown>;

export interface CatalogueEntry {
  type: string;
  topic: string;
  /** The schema of `data` in a delivery of this type, nested classes under `$defs`. */
  payloadSchema: JsonSchema;
}

/**
 * What a firm may subscribe to: every event type of the contracts' registry except the audit
 * stream (records of requests, not domain events; a firm reads its trail at GET /v1/audit). Derived
 * from EVENT_DEFINITIONS, so a new event type is subscribable as soon as it is registered.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.entries(EVENT_DEFINITIONS)
  .filter(([, definition]) => definition.topic !== TOPICS.audit.name)
  .map(([type]) => type)
  .sort();

let catalogue: CatalogueEntry[] | undefined;

/** The catalogue with each payload's schema, derived from the payload classes' validation rules. */
export function eventCatalogue(): CatalogueEntry[] {
  if (catalogue) return catalogue;
  const options = { refPointerPrefix: '#/$defs/' };
  const schemas = validationMetadatasToSchemas(options) as Record<string, JsonSchema>;
  const definitions: Record<string, { topic: string; payload: new () => object }> = EVENT_DEFINITIONS;
  catalogue = WEBHOOK_EVENT_TYPES.map((type) => {
    const definition = definitions[type];
    if (!definition) throw new Error(`${type} is not in EVENT_DEFINITIONS`);
    // By constructor, not by name: a payload class that only inherits its rules has no schema of its own name.
    const own = targetConstructorToSchema(definition.payload, options) as JsonSchema;
    return { type, topic: definition.topic, payloadSchema: withDefinitions(own, schemas) };
  });
  return catalogue;
}

/** `schema` with every class it refers to (transitively) under `$defs`. */
function withDefinitions(schema: JsonSchema, all: Record<string, JsonSchema>): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const pending = [schema];
  while (pending.length) {
    const next = pending.pop();
    for (const name of referencedNames(next)) {
      const referenced = all[name];
      if (defs[name] || !referenced) continue;
      defs[name] = referenced;
      pending.push(referenced);
    }
  }
  return Object.keys(defs).length ? { ...schema, $defs: defs } : schema;
}

function referencedNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedNames);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
      ? [inner.slice('#/$defs/'.length)]
      : referencedNames(inner),
  );
}
