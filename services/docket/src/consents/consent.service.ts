import { Injectable } from '@nestjs/common';
import type { ConsentGrantedV1, ConsentRevokedV1, EventEnvelope } from '@lawfirm/contracts';
import type { EntityManager } from 'typeorm';
import { OutsourcingConsent } from './outsourcing-consent.entity';

/** Docket's projection of the clients' outsourcing consents, and the question work orders ask of it. */
@Injectable()
export class ConsentService {
  /** A grant; a revocation that arrived first keeps the consent revoked. */
  async granted(manager: EntityManager, envelope: EventEnvelope<ConsentGrantedV1>): Promise<void> {
    const consent = envelope.data;
    // Raw SQL: TypeORM's upsert cannot leave revoked_at alone on conflict while setting the rest.
    await manager.query(
      `INSERT INTO outsourcing_consents (firm_id, consent_id, client_id, scopes, vendor_ids)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (firm_id, consent_id) DO UPDATE SET client_id = EXCLUDED.client_id,
         scopes = EXCLUDED.scopes, vendor_ids = EXCLUDED.vendor_ids`,
      [envelope.firmId, consent.consentId, consent.clientId, consent.scopes, consent.vendorIds ?? null],
    );
  }

  async revoked(manager: EntityManager, envelope: EventEnvelope<ConsentRevokedV1>): Promise<void> {
    const revocation = envelope.data;
    // Raw SQL: as above; a revocation before its grant leaves a row with no scopes, revoked.
    await manager.query(
      `INSERT INTO outsourcing_consents (firm_id, consent_id, client_id, scopes, revoked_at)
       VALUES ($1, $2, $3, '{}', $4)
       ON CONFLICT (firm_id, consent_id) DO UPDATE SET
         revoked_at = LEAST(COALESCE(outsourcing_consents.revoked_at, EXCLUDED.revoked_at), EXCLUDED.revoked_at)`,
      [envelope.firmId, revocation.consentId, revocation.clientId, revocation.revokedAt],
    );
  }

  /** Whether a consent in force lets the client's work of this kind go to this vendor. */
  async covers(
    manager: EntityManager,
    clientId: string,
    workType: string,
    vendorId: string,
  ): Promise<boolean> {
    const count = await manager
      .getRepository(OutsourcingConsent)
      .createQueryBuilder('consent')
      .where('consent.client_id = :clientId', { clientId })
      .andWhere('consent.revoked_at IS NULL')
      .andWhere(':workType = ANY(consent.scopes)', { workType })
      .andWhere('(consent.vendor_ids IS NULL OR :vendorId = ANY(consent.vendor_ids))', { vendorId })
      .getCount();
    return count > 0;
  }
}
