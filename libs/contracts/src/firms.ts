import { registerDecorator } from 'class-validator';

/**
 * Firm administration between the admin gateway and the gateway (which owns firms and users): the
 * operations team's routes on the admin gateway call the gateway's internal `/internal/firms`
 * routes over HTTP, each call with an internal token the admin gateway mints under the key the two
 * share (the gateway's ADMIN_GATEWAY_INTERNAL_TOKEN_KEY, the admin gateway's INTERNAL_TOKEN_KEY).
 * Issuer and audience differ from the tokens the gateway mints towards the admin gateway, so a token
 * minted for one direction never passes in the other.
 */
export const FIRM_ADMIN_TOKEN = { issuer: 'lawfirm-admin-gateway', audience: 'gateway' } as const;

/** The gateway's internal routes behind the admin gateway's `/admin/firms`. */
export const INTERNAL_FIRMS_PATH = '/internal/firms';

/** The header that carries the operator's stated reason to the gateway, which records it. */
export const ACCESS_REASON_HEADER_NAME = 'x-access-reason';

export type FirmStatus = 'active' | 'suspended';

/** What operations send to onboard a firm (validated on both sides). */
export interface OnboardFirmPayload {
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
  paymentTermsDays: number;
  admin: { email: string; name: string };
}

export interface FirmSummary {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  paymentTermsDays: number;
  status: FirmStatus;
  suspendedAt: string | null;
  createdAt: string;
}

export interface FirmUserSummary {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface FirmApiClientSummary {
  clientId: string;
  name: string;
  roles: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface FirmInvitationSummary {
  id: string;
  email: string;
  roles: string[];
  status: string;
  createdAt: string;
  expiresAt: string;
}

/** A firm with its people and integrations; never a secret, a hash or a token. */
export interface FirmDetail extends FirmSummary {
  users: FirmUserSummary[];
  apiClients: FirmApiClientSummary[];
  invitations: FirmInvitationSummary[];
}

/** What onboarding answers: the firm and the first administrator's invitation (its token only went by e-mail). */
export interface OnboardedFirm {
  firm: FirmSummary;
  invitation: FirmInvitationSummary;
}

/** Lower-case letters, digits and single hyphens, 3–63 characters: it ends up in URLs and e-mails. */
export const FIRM_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

let knownTimeZones: ReadonlySet<string> | undefined;

/** Whether `value` is a canonical IANA time zone name this runtime knows (`UTC` included), e.g. `Europe/Berlin`. */
export function isIanaTimeZone(value: unknown): value is string {
  knownTimeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return typeof value === 'string' && knownTimeZones.has(value);
}

/** DTO decorator: an IANA time zone name (see isIanaTimeZone). */
export function IsIanaTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an IANA time zone such as America/New_York, or UTC`,
      },
      validator: { validate: (value: unknown) => isIanaTimeZone(value) },
    });
}
