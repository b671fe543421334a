import type { MatchRule, NameKind } from './name-normalizer';

/** The kinds of record whose names the conflict index holds. */
export type RefType = 'client' | 'entity' | 'lead';

/** A name to index for a record, as a clerk would search for it later. */
export interface IndexedName {
  name: string;
  nameType: 'primary' | 'aka' | 'former' | 'trade';
  kind?: NameKind;
}

export interface ConflictQueryName {
  name: string;
  kind?: NameKind;
  /** The role the searched person or company would have (for the record of what was asked). */
  role?: string;
  /** The record this query stands for (e.g. the new matter's own client), whose own client history is not a conflict. */
  selfRef?: { type: RefType; id: string };
}

export interface ConflictHitMatter {
  matterId: string;
  number: string;
  title: string;
  status: string;
  role: string;
}

export interface ConflictHit {
  query: string;
  record: { type: RefType; id: string; name: string; matchedName: string; nameType: string };
  rule: MatchRule | `relationship:${string}`;
  score: number;
  matters: ConflictHitMatter[];
  /** For a hit found through a relationship: the record that matched and how it is related. */
  via?: { type: RefType; id: string; name: string; relationship: string };
}

export const SIGNOFF_DECISIONS = ['cleared', 'waived', 'declined'] as const;
export type SignoffDecision = (typeof SIGNOFF_DECISIONS)[number];
