import { canonicalGivenName, givenNameFamily } from './nicknames';

export type NameKind = 'person' | 'company';

/**
 * Corporate and entity-form suffixes dropped when comparing company names. Multi-word forms are
 * matched after punctuation is removed ("l.l.c." → "l l c").
 */
const COMPANY_SUFFIXES = [
  'incorporated',
  'inc',
  'corporation',
  'corp',
  'company',
  'co',
  'limited',
  'ltd',
  'llc',
  'l l c',
  'llp',
  'l l p',
  'lp',
  'l p',
  'plc',
  'p l c',
  'pllc',
  'pc',
  'p c',
  'pa',
  'p a',
  'gmbh',
  'ag',
  'a g',
  'sa',
  's a',
  'sarl',
  'bv',
  'b v',
  'nv',
  'n v',
  'oy',
  'ab',
  'as',
  'a s',
  'kg',
  'k g',
  'spa',
  's p a',
  'srl',
  's r l',
  'sl',
  's l',
  'sp z o o',
  'de cv',
  'de c v',
  'n a',
  'pty',
  'the',
  // Longest first, so "S.p.A." goes as one suffix rather than as "P.A." leaving a stray "s".
].sort((a, b) => b.length - a.length);
/**
 * Letters that Unicode does not decompose into a base letter plus a mark, so NFKD alone would
 * drop them ("Søren" → "s ren", "Łukasz" → "ukasz").
 */
const TRANSLITERATIONS: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ß: 'ss',
};
/** Words that carry no identity in any name. */
const NOISE = new Set(['the', 'and', 'of']);
/** Honorifics and generational suffixes dropped from personal names. */
const PERSON_NOISE = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'prof',
  'sir',
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'esq',
  'phd',
  'md',
]);

/** Lower case, no diacritics, `&` → and, punctuation → spaces, single spaces. */
export function basicNormalize(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[øæœłđðþıß]/g, (letter) => TRANSLITERATIONS[letter] ?? letter)
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
        // "Müller GmbH & Co. KG", "Brennan & Co.": an "and" left dangling belonged to the suffix.
        if (name.endsWith(' and ') && name.length > ' and '.length)
          name = name.slice(0, name.length - ' and'.length);
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
  /**
   * For a person named by at least two words: the variant family of the first given name
   * ("Jon", "Johnny", "Jonathon" → "john"), so spelling variants and longer or shorter forms of
   * it are found when the family name agrees too. Null for companies and single words.
   */
  givenKey: string | null;
  /** For a person named by at least two words: the family name (the last word), normalised. */
  familyName: string | null;
}

/**
 * The forms a conflicts clerk compares: case, punctuation, diacritics, "&"/"and", "The" and
 * corporate suffixes do not matter; for people, "Smith, John" = "John Smith", honorifics are
 * ignored and nicknames count as their given name.
 */
export function normalizeName(name: string, kind?: NameKind): NormalizedName {
  const { normalized, tokens, isCompany } = analyse(name, kind);
  // A nickname stands for a given name, never for a family name: "Thomas Frank" is not "Thomas
  // Francis". After the comma swap and without honorifics, the family name is the last token.
  const familyName = isCompany || tokens.length < 2 ? -1 : tokens.length - 1;
  const canonical = isCompany
    ? tokens
    : tokens.map((token, index) => (index === familyName ? token : canonicalGivenName(token)));
  const givenKey = familyName > 0 ? givenNameFamily(tokens[0] as string) : null;
  return {
    normalized,
    matchKey: [...canonical].sort().join(' ') || normalized,
    givenKey,
    familyName: familyName > 0 ? (tokens[familyName] as string) : null,
  };
}

/** Normalised display form and the identity-carrying tokens, in order, before nicknames. */
function analyse(
  name: string,
  kind?: NameKind,
): { normalized: string; tokens: string[]; isCompany: boolean } {
  const unswapped = basicNormalize(name);
  // "Acme, Inc." is a company with its suffix after a comma, not "Inc Acme".
  const isCompany =
    kind === 'company' || (kind === undefined && stripCompanySuffixes(unswapped) !== unswapped);
  const commaSwapped = !isCompany && /^[^,]+,[^,]+$/.test(name) ? name.split(',').reverse().join(' ') : name;
  let normalized = basicNormalize(commaSwapped);
  if (isCompany) normalized = stripCompanySuffixes(normalized);
  const tokens = normalized
    .split(' ')
    .filter((token) => token && !NOISE.has(token))
    .filter((token) => isCompany || !PERSON_NOISE.has(token));
  return { normalized: normalized || unswapped, tokens, isCompany };
}

export type MatchRule =
  'exact' | 'normalized' | 'token-order' | 'nickname' | 'name-variant' | 'phonetic' | 'fuzzy';

/** Why two names matched, from the strictest rule that explains it. */
export function explainMatch(query: string, candidate: string, kind?: NameKind): MatchRule {
  if (query.trim().toLowerCase() === candidate.trim().toLowerCase()) return 'exact';
  const a = normalizeName(query, kind);
  const b = normalizeName(candidate, kind);
  if (a.normalized === b.normalized) return 'normalized';
  if (a.matchKey !== b.matchKey) return 'fuzzy';
  // Same key: say which step made them equal. Honorifics, "and"/"of"/"the" and suffixes are
  // normalisation; the same words in another order is token order; anything else is a nickname.
  const plainA = analyse(query, kind).tokens;
  const plainB = analyse(candidate, kind).tokens;
  if (plainA.join(' ') === plainB.join(' ')) return 'normalized';
  return [...plainA].sort().join(' ') === [...plainB].sort().join(' ') ? 'token-order' : 'nickname';
}
