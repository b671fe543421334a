import { canonicalGivenName } from './nicknames';

export type NameKind = 'person' | 'company';

/**
 * Corporate and entity-form suffixes dropped when comparing company names. Multi-word forms are
 * matched after punctuation is removed ("l.l.c." → "l l c").
 */
const COMPANY_SUFFIXES = [
  'incorporated', 'inc', 'corporation', 'corp', 'company', 'co', 'limited', 'ltd', 'llc', 'l l c', 'llp', 'l l p',
  'lp', 'l p', 'plc', 'pllc', 'pc', 'p c', 'pa', 'gmbh', 'ag', 'sa', 's a', 'sarl', 'bv', 'nv', 'oy', 'ab', 'as',
  'kg', 'spa', 'srl', 'pty', 'the',
];
/** Words that carry no identity in any name. */
const NOISE = new Set(['the', 'and', 'of']);
/** Honorifics and generational suffixes dropped from personal names. */
const PERSON_NOISE = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'jr', 'sr', 'ii', 'iii', 'iv', 'esq', 'phd', 'md']);

/** Lower case, no diacritics, `&` → and, punctuation → spaces, single spaces. */
export function basicNormalize(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function stripCompanySuffixes(normalized: string): string {
  let name = ` ${normalized} `;
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of COMPANY_SUFFIXES) {
      const tail = ` ${suffix} `;
      if (name.endsWith(tail) && name.length > tail.length) {
        name = name.slice(0, name.length - tail.length + 1);
        changed = true;
      }
    }
  }
  return name.trim().replace(/^the /, '');
}

export interface NormalizedName {
  /** Normalised, in the original word order (for display of the rule). */
  normalized: string;
  /** The comparison key: canonical tokens in sorted order. */
  matchKey: string;
}

/**
 * The forms a conflicts clerk compares: case, punctuation, diacritics, "&"/"and", "The" and
 * corporate suffixes do not matter; for people, "Smith, John" = "John Smith", honorifics are
 * ignored and nicknames count as their given name.
 */
export function normalizeName(name: string, kind?: NameKind): NormalizedName {
  const commaSwapped = kind !== 'company' && /^[^,]+,[^,]+$/.test(name) ? name.split(',').reverse().join(' ') : name;
  let normalized = basicNormalize(commaSwapped);
  const looksLikeCompany = kind === 'company' || (kind === undefined && stripCompanySuffixes(normalized) !== normalized);
  if (looksLikeCompany) normalized = stripCompanySuffixes(normalized);
  const tokens = normalized
    .split(' ')
    .filter((token) => token && !NOISE.has(token))
    .filter((token) => looksLikeCompany || !PERSON_NOISE.has(token))
    .map((token) => (looksLikeCompany ? token : canonicalGivenName(token)));
  const display = normalized || basicNormalize(name);
  return { normalized: display, matchKey: [...tokens].sort().join(' ') || display };
}

export type MatchRule = 'exact' | 'normalized' | 'token-order' | 'nickname' | 'fuzzy';

/** Why two names matched, from the strictest rule that explains it. */
export function explainMatch(query: string, candidate: string, kind?: NameKind): MatchRule {
  if (query.trim().toLowerCase() === candidate.trim().toLowerCase()) return 'exact';
  const a = normalizeName(query, kind);
  const b = normalizeName(candidate, kind);
  if (a.normalized === b.normalized) return 'normalized';
  const plainSorted = (value: string): string => basicNormalize(value).split(' ').sort().join(' ');
  if (a.matchKey === b.matchKey) {
    return plainSorted(a.normalized) === plainSorted(b.normalized) ? 'token-order' : 'nickname';
  }
  return 'fuzzy';
}
