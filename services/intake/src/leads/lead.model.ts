import type { ClientKind } from '@lawfirm/contracts';

/** A prospective client, from first contact until the firm is hired (conversion) or not. */
export interface Lead {
  id: string;
  firmId: string;
  kind: ClientKind;
  name: string;
  email: string | null;
  phone: string | null;
  source: string | null;
  practiceArea: string | null;
  description: string | null;
  stage: string;
  /** YYYY-MM-DD. */
  followUpDue: string | null;
  responsibleAttorneyId: string | null;
  clientId: string | null;
  matterId: string | null;
  notHiredReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewLead = Omit<Lead, 'createdAt' | 'updatedAt' | 'clientId' | 'matterId' | 'notHiredReason'>;

/** The columns a use case may change; anything else about a lead is fixed at creation. */
export type LeadChanges = Partial<
  Pick<
    Lead,
    | 'kind'
    | 'name'
    | 'email'
    | 'phone'
    | 'source'
    | 'practiceArea'
    | 'description'
    | 'stage'
    | 'followUpDue'
    | 'responsibleAttorneyId'
    | 'clientId'
    | 'matterId'
    | 'notHiredReason'
  >
>;

export interface LeadRoutingRule {
  id: string;
  practiceArea: string;
  responsibleAttorneyId: string;
  createdAt: Date;
}
