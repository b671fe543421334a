import type { FieldError } from './domain-error';

/**
 * Deeper than any request body we define; a deeper one is refused rather than walked, so the walk
 * stays bounded. (The gateway's own nesting limit is a separate matter.)
 */
export const MAX_INPUT_DEPTH = 32;

// PostgreSQL refuses U+0000 in text, and an unpaired surrogate cannot be encoded as UTF-8: either
// would reach the database as a 500, so both are refused where input arrives.
const NUL = '\u0000';
/** One cheap test per string; only a string that matches is examined further. */
// eslint-disable-next-line no-control-regex -- matching U+0000 is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or undefined when it can. */
export function unsafeTextReason(value: string): string | undefined {
  if (value.includes(NUL)) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired UTF-16 surrogates';
  return undefined;
}

/**
 * Walks parsed input (a JSON body, a form body, a query string) and names the first field whose
 * value or key is text PostgreSQL cannot store, or which lies deeper than MAX_INPUT_DEPTH (so the
 * recursion is bounded whatever the input). Paths are built only for the field reported: the walk
 * over a 10,000-row import allocates nothing.
 */
export function findUnsafeText(input: unknown): FieldError | undefined {
  const trail: string[] = [];
  const finding = walk(input, trail, 0);
  if (!finding) return undefined;
  const field = trail.length ? trail.reverse().join('.') : 'body';
  return { field, message: finding.inKey ? `field name ${finding.reason}` : `${field} ${finding.reason}` };
}

interface Finding {
  reason: string;
  /** The field's name, not its value, is the bad text. */
  inKey: boolean;
}

/** What is wrong, with `trail` holding the offending path innermost first; undefined when clean. */
function walk(value: unknown, trail: string[], depth: number): Finding | undefined {
  if (typeof value === 'string')
    return SUSPECT.test(value) ? valueFinding(unsafeTextReason(value)) : undefined;
  if (!isWalkable(value)) return undefined;
  if (depth >= MAX_INPUT_DEPTH)
    return { reason: `is nested more than ${MAX_INPUT_DEPTH} levels deep`, inKey: false };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const finding = walk(value[index], trail, depth + 1);
      if (finding) return (trail.push(String(index)), finding);
    }
    return undefined;
  }
  for (const key in value) {
    const keyReason = SUSPECT.test(key) ? unsafeTextReason(key) : undefined;
    const finding = keyReason
      ? { reason: keyReason, inKey: true }
      : walk((value as Record<string, unknown>)[key], trail, depth + 1);
    if (finding) return (trail.push(key), finding);
  }
  return undefined;
}

function valueFinding(reason: string | undefined): Finding | undefined {
  return reason === undefined ? undefined : { reason, inKey: false };
}

/** Arrays and plain objects only: a Buffer or stream body is not text and is not walked key by key. */
function isWalkable(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  // Fastify's query parser makes objects whose prototype is itself prototype-less.
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
}
