/** A field a template can name: `{{matter.number}}`, `{{fields.recipient}}`, `{{date}}`. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_.]{0,60})\s*\}\}/g;

export type MergeResult = { text: string } | { unknown: string[] };

/**
 * Replaces every `{{name}}` of the template with its value; any name without a value is reported
 * (all of them, sorted) rather than left in or blanked.
 */
export function mergeTemplate(template: string, values: Readonly<Record<string, string>>): MergeResult {
  const unknown = new Set<string>();
  const text = template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) unknown.add(name);
    return value ?? '';
  });
  return unknown.size ? { unknown: [...unknown].sort() } : { text };
}
