/**
 * A firm user's (or API client's) roles. `read-only` reads what the firm's staff read and changes
 * nothing; the others are what each service's access policy grants them.
 */
export const FIRM_ROLES = ['firm-admin', 'attorney', 'paralegal', 'billing', 'read-only'] as const;
export type FirmRole = (typeof FIRM_ROLES)[number];

export const OPS_ROLES = ['ops-admin', 'ops-auditor'] as const;
export type OpsRole = (typeof OPS_ROLES)[number];

export type ActorKind = 'user' | 'integration' | 'vendor' | 'ops' | 'service';

/** Who is calling, as the gateway established it. Services trust nothing else. */
export interface Actor {
  firmId: string;
  subject: string;
  actorType: ActorKind;
  roles: string[];
  scopes: string[];
  requestId: string;
  correlationId: string;
}
