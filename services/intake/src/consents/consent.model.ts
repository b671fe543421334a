import type { OutsourcingScope } from '@lawfirm/contracts';

/** How the client's informed consent was given; each leaves something in writing to point to. */
export const CONSENT_METHODS = [
  'written',
  'engagement-letter',
  'email',
  'e-signature',
  'verbal-confirmed-in-writing',
] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_STATUSES = ['active', 'revoked'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** One row of `consents` as the repository returns it (there is no TypeORM entity for it). */
export interface Consent {
  id: string;
  firmId: string;
  clientId: string;
  scopes: OutsourcingScope[];
  /** null: any vendor the firm has approved. */
  vendorIds: string[] | null;
  /** Calendar date, YYYY-MM-DD. */
  givenOn: string;
  method: ConsentMethod;
  documentRef: string | null;
  grantedBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revocationReason: string | null;
}

/**
 * Whether this consent lets the firm outsource work of `scope` to `vendorId`. Without a vendor id
 * only a consent open to any approved vendor answers yes: a consent naming vendors says nothing
 * about vendors it does not name.
 */
export function consentCovers(consent: Consent, scope: OutsourcingScope, vendorId?: string): boolean {
  if (consent.revokedAt !== null) return false;
  if (!consent.scopes.includes(scope)) return false;
  if (consent.vendorIds === null) return true;
  if (vendorId === undefined) return false;
  const wanted = vendorId.toLowerCase();
  return consent.vendorIds.some((allowed) => allowed.toLowerCase() === wanted);
}
