import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { LateChargeRecord, LateChargeTermsRecord } from './late-charge.entity';

@Injectable()
export class LateChargesRepository {
  async lockFirmRun(manager: EntityManager, firmId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `billing-late-charges|${firmId}`,
    ]);
  }

  matterExists(manager: EntityManager, matterId: string): Promise<boolean> {
    return manager.getRepository(ProjectedMatter).exists({ where: { matterId } });
  }

  terms(manager: EntityManager, matterId: string): Promise<LateChargeTermsRecord | null> {
    return manager.getRepository(LateChargeTermsRecord).findOne({ where: { matterId } });
  }

  allTerms(manager: EntityManager): Promise<LateChargeTermsRecord[]> {
    return manager.getRepository(LateChargeTermsRecord).find();
  }

  async saveTerms(manager: EntityManager, terms: LateChargeTermsRecord): Promise<void> {
    await manager.upsert(LateChargeTermsRecord, terms, ['firmId', 'matterId']);
  }

  ofInvoice(manager: EntityManager, invoiceId: string): Promise<LateChargeRecord[]> {
    return manager.getRepository(LateChargeRecord).find({ where: { invoiceId }, order: { period: 'ASC' } });
  }

  /** Inserts the charge unless one exists for the invoice and period; true when this call inserted it. */
  async insertOnce(manager: EntityManager, charge: LateChargeRecord): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LateChargeRecord)
      .values(charge)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }
}
