export const PARTY_ROLES = [
  'client',
  'adverse-party',
  'opposing-counsel',
  'co-party',
  'witness',
  'related-party',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const RELATIONSHIP_KINDS = [
  'parent',
  'subsidiary',
  'affiliate',
  'spouse',
  'household',
  'officer',
  'employee',
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

export type PartyKind = 'person' | 'company';
export type PartyType = 'client' | 'entity';

/** A party of a matter with the name and kind of the client or entity it is. */
export interface MatterParty {
  id: string;
  role: PartyRole;
  partyType: PartyType;
  partyId: string;
  name: string;
  kind: PartyKind;
}

/** A person or company the firm has recorded that is not (necessarily) a client. */
export interface RecordedEntity {
  id: string;
  name: string;
  kind: PartyKind;
}
