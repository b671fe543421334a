import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FirmKey } from './firm-key.entity';

@Injectable()
export class FirmKeysRepository {
  /**
   * Serialises a rotation against every wrap of a new data key: wraps share the lock, a rotation
   * holds it alone, so no data key is ever wrapped under a key being retired.
   */
  async lockForWrap(manager: EntityManager, firmId: string): Promise<void> {
    // Raw SQL: advisory locks are functions TypeORM has no form for.
    await manager.query('SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [
      `firm-key|${firmId}`,
    ]);
  }

  async lockForRotation(manager: EntityManager, firmId: string): Promise<void> {
    // Raw SQL: as above.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`firm-key|${firmId}`]);
  }

  current(manager: EntityManager): Promise<FirmKey | null> {
    return manager
      .getRepository(FirmKey)
      .createQueryBuilder('key')
      .where('key.retiredAt IS NULL')
      .orderBy('key.version', 'DESC')
      .getOne();
  }

  /** Inserts the key unless that version exists already (two first uploads of a firm at once). */
  async insertIfAbsent(manager: EntityManager, key: FirmKey): Promise<void> {
    await manager.createQueryBuilder().insert().into(FirmKey).values(key).orIgnore().execute();
  }

  async retire(manager: EntityManager, version: number, at: Date): Promise<void> {
    await manager.getRepository(FirmKey).update({ version }, { retiredAt: at, wrappedKey: null });
  }
}
