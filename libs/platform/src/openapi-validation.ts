import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/** What class-validator keeps per decorated property (the fields read here). */
interface ValidationRule {
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  target: unknown;
}

const isReference = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && '$ref' in value;

/** Every decorated DTO class by its name (the schema name Nest gives it), with its rules. */
function rulesByClassName(): Map<string, ValidationRule[][]> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: Map<unknown, ValidationRule[]> };
  const byName = new Map<string, ValidationRule[][]>();
  for (const [target, rules] of storage.validationMetadatas ?? new Map<unknown, ValidationRule[]>()) {
    if (typeof target !== 'function' || !target.name) continue;
    byName.set(target.name, [...(byName.get(target.name) ?? []), rules]);
  }
  return byName;
}

/** The string schema a rule constrains: the property itself, or its items for `each`. */
function stringSchemaOf(
  property: SchemaObject | ReferenceObject | undefined,
  each: boolean,
): SchemaObject | undefined {
  if (!property || isReference(property)) return undefined;
  const target = each ? property.items : property;
  if (!target || isReference(target) || target.type !== 'string') return undefined;
  return target;
}

/**
 * States in the document what the validation already refuses (issue 10: the API fuzzer found ~45
 * operations whose documents allowed requests their DTOs refuse): `@IsNotEmpty` on a string is
 * `minLength: 1`, `@Matches(regex)` is `pattern`. Only where the schema does not say it already,
 * only for string properties Nest documented, and only for a schema name one class owns (several
 * services are loaded in one process by `npm run openapi`).
 */
export function documentValidationRules(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const [name, classes] of rulesByClassName()) {
    const schema = schemas[name];
    if (classes.length !== 1 || !schema || isReference(schema) || !schema.properties) continue;
    for (const rule of classes[0] ?? []) {
      const property = stringSchemaOf(schema.properties[rule.propertyName], rule.each === true);
      if (!property) continue;
      if (rule.name === 'isNotEmpty' && property.minLength === undefined) property.minLength = 1;
      if (rule.name === 'matches' && property.pattern === undefined) {
        const [regex, modifiers] = rule.constraints ?? [];
        // A flag (i, m, …) has no JSON Schema equivalent: such a rule stays undocumented.
        if (regex instanceof RegExp && regex.flags.replace('u', '') === '') property.pattern = regex.source;
        if (typeof regex === 'string' && !modifiers) property.pattern = regex;
      }
    }
  }
}
