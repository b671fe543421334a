import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BatesCounter } from './bates-counter.entity';
import { ProductionDocument } from './production-document.entity';
import { Production } from './production.entity';

@Injectable()
export class ProductionsRepository {
  /** The matter's counter, locked: productions of one matter stamp one after another, never interleaved. */
  lockCounter(manager: EntityManager, matterId: string): Promise<BatesCounter | null> {
    return manager
      .getRepository(BatesCounter)
      .createQueryBuilder('counter')
      .where('counter.matter_id = :matterId', { matterId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async saveCounter(manager: EntityManager, counter: BatesCounter): Promise<void> {
    await manager.upsert(BatesCounter, counter, ['firmId', 'matterId']);
  }

  async advance(manager: EntityManager, matterId: string, nextNumber: number): Promise<void> {
    await manager.getRepository(BatesCounter).update({ matterId }, { nextNumber: String(nextNumber) });
  }

  async insert(
    manager: EntityManager,
    production: Production,
    documents: ProductionDocument[],
  ): Promise<void> {
    await manager.insert(Production, production);
    await manager.insert(ProductionDocument, documents);
  }

  find(manager: EntityManager, id: string): Promise<Production | null> {
    return manager.getRepository(Production).findOne({ where: { id } });
  }

  documents(manager: EntityManager, productionId: string): Promise<ProductionDocument[]> {
    return manager
      .getRepository(ProductionDocument)
      .find({ where: { productionId }, order: { position: 'ASC' } });
  }
}
