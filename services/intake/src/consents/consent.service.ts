import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange } from '@lawfirm/audit';
import { ConsentGrantedV1, ConsentRevokedV1, uuidv7, type OutsourcingScope } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ClientService } from '../clients/client.service';
import { ConsentAlreadyRevokedError } from './consent.exception';
import { consentCovers, type Consent } from './consent.model';
import { ConsentRepository } from './consent.repository';
import type { ConsentView, GrantConsentDto } from './dto/grant-consent.dto';
import type { RevokeConsentDto } from './dto/revoke-consent.dto';

export interface ConsentListOptions {
  limit?: number;
  cursor?: string;
  includeRevoked?: boolean;
}

/**
 * Clients' informed consent to outsourcing confidential work (ABA Formal Op. 08-451). Consents are
 * never deleted: a revocation is recorded on the row, so the history of what was allowed stays.
 */
@Injectable()
export class ConsentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly clients: ClientService,
  ) {}

  /** Row, `intake.consent.granted` and the audit record in one transaction. */
  async grant(actor: Actor, clientId: string, input: GrantConsentDto): Promise<ConsentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId);
      const consent = await this.consents.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        clientId,
        scopes: input.scopes,
        vendorIds: input.vendorIds?.map((id) => id.toLowerCase()) ?? null,
        givenOn: input.givenOn,
        method: input.method,
        documentRef: input.documentRef ?? null,
        grantedBy: actor.subject,
      });
      const data: ConsentGrantedV1 = {
        consentId: consent.id,
        clientId: consent.clientId,
        scopes: consent.scopes,
        ...(consent.vendorIds ? { vendorIds: consent.vendorIds } : {}),
        givenOn: consent.givenOn,
        method: consent.method,
        ...(consent.documentRef ? { documentRef: consent.documentRef } : {}),
      };
      await recordChange(manager, actor, {
        action: 'consent.granted',
        resourceType: 'consent',
        resourceId: consent.id,
        details: {
          clientId: consent.clientId,
          scopes: consent.scopes,
          vendorIds: consent.vendorIds,
          method: consent.method,
        },
        events: [{ type: ConsentGrantedV1.type, aggregateId: consent.id, data }],
      });
      return toConsentView(consent);
    });
  }

  /** Newest first; only active consents unless `includeRevoked`. */
  async list(actor: Actor, clientId: string, options: ConsentListOptions = {}): Promise<Page<ConsentView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId);
      return this.consents.listForClient(manager, clientId, {
        limit,
        after,
        includeRevoked: options.includeRevoked ?? false,
      });
    });
    return toPage(rows, limit, (row) => ({ sortKey: row.sortKey, id: row.id }), toConsentView);
  }

  /** Revocation, `intake.consent.revoked` and the audit record in one transaction; a second revocation is refused. */
  async revoke(
    actor: Actor,
    clientId: string,
    consentId: string,
    input: RevokeConsentDto,
  ): Promise<ConsentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireClient(manager, clientId);
      const current = await this.consents.findForUpdate(manager, clientId, consentId);
      if (!current) throw new NotFoundError('consent', consentId);
      if (current.revokedAt) throw new ConsentAlreadyRevokedError(consentId, current.revokedAt);
      const consent = await this.consents.markRevoked(manager, consentId, actor.subject, input.reason);
      const revokedAt = (consent.revokedAt ?? new Date()).toISOString();
      const data: ConsentRevokedV1 = {
        consentId: consent.id,
        clientId: consent.clientId,
        revokedAt,
        reason: input.reason,
      };
      await recordChange(manager, actor, {
        action: 'consent.revoked',
        resourceType: 'consent',
        resourceId: consent.id,
        details: { clientId: consent.clientId, reason: input.reason },
        events: [{ type: ConsentRevokedV1.type, aggregateId: consent.id, data }],
      });
      return toConsentView(consent);
    });
  }

  /**
   * Whether a non-revoked consent of the client covers outsourcing work of `scope` to `vendorId`
   * (the scope is listed, and the consent is open to any approved vendor or names this one). Without
   * `vendorId` only a consent open to any approved vendor counts. Runs in the caller's transaction,
   * which must already be scoped to the firm (withTenant), so another firm's client has no consent.
   */
  async activeConsentFor(
    manager: EntityManager,
    clientId: string,
    scope: OutsourcingScope,
    vendorId?: string,
  ): Promise<boolean> {
    const consents = await this.consents.allForClient(manager, clientId);
    return consents.some((consent) => consentCovers(consent, scope, vendorId));
  }

  private async requireClient(manager: EntityManager, clientId: string): Promise<void> {
    if (!(await this.clients.summaryWithin(manager, clientId))) throw new NotFoundError('client', clientId);
  }
}

export function toConsentView(consent: Consent): ConsentView {
  return {
    id: consent.id,
    clientId: consent.clientId,
    scopes: consent.scopes,
    vendorIds: consent.vendorIds,
    givenOn: consent.givenOn,
    method: consent.method,
    documentRef: consent.documentRef,
    grantedBy: consent.grantedBy,
    createdAt: consent.createdAt.toISOString(),
    status: consent.revokedAt ? 'revoked' : 'active',
    revokedAt: consent.revokedAt ? consent.revokedAt.toISOString() : null,
    revokedBy: consent.revokedBy,
    revocationReason: consent.revocationReason,
  };
}
