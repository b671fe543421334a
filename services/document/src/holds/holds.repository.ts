import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { LegalHold } from './legal-hold.entity';

@Injectable()
export class HoldsRepository {
  /** Serialises placing a hold on a matter against destroying its documents. */
  async lockMatter(manager: EntityManager, firmId: string, matterId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `hold|${firmId}|${matterId}`,
    ]);
  }

  async insert(manager: EntityManager, hold: LegalHold): Promise<void> {
    await manager.insert(LegalHold, hold);
  }

  find(manager: EntityManager, id: string): Promise<LegalHold | null> {
    return manager.getRepository(LegalHold).findOne({ where: { id } });
  }

  async release(manager: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await manager.getRepository(LegalHold).update({ id }, { releasedBy: by, releasedAt: at });
  }

  active(manager: EntityManager, matterId: string): Promise<LegalHold[]> {
    return manager.getRepository(LegalHold).find({ where: { matterId, releasedAt: IsNull() } });
  }

  all(manager: EntityManager, matterId: string): Promise<LegalHold[]> {
    return manager.getRepository(LegalHold).find({ where: { matterId }, order: { placedAt: 'ASC' } });
  }
}
