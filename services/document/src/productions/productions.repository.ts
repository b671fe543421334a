import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
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

  /** Where documents were produced: their stamped ranges with each production's prefix and padding, in Bates order. */
  async stampsOf(
    manager: EntityManager,
    documentIds: readonly string[],
  ): Promise<Array<{ document: ProductionDocument; production: Production }>> {
    if (documentIds.length === 0) return [];
    const documents = await manager
      .getRepository(ProductionDocument)
      .find({ where: { documentId: In([...documentIds]) }, order: { batesStart: 'ASC' } });
    const productions = new Map(
      (
        await manager
          .getRepository(Production)
          .find({ where: { id: In([...new Set(documents.map((document) => document.productionId))]) } })
      ).map((production) => [production.id, production]),
    );
    return documents.map((document) => ({
      document,
      production: productions.get(document.productionId) as Production,
    }));
  }
}
