import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InvoiceCollection } from './invoice-collection.entity';

@Injectable()
export class CollectionsRepository {
  find(manager: EntityManager, invoiceId: string): Promise<InvoiceCollection | null> {
    return manager.getRepository(InvoiceCollection).findOne({ where: { invoiceId } });
  }

  async findMany(
    manager: EntityManager,
    invoiceIds: readonly string[],
  ): Promise<Map<string, InvoiceCollection>> {
    if (!invoiceIds.length) return new Map();
    const rows = await manager
      .getRepository(InvoiceCollection)
      .createQueryBuilder('collection')
      .where('collection.invoice_id IN (:...invoiceIds)', { invoiceIds: [...invoiceIds] })
      .getMany();
    return new Map(rows.map((row) => [row.invoiceId, row]));
  }

  async save(manager: EntityManager, row: InvoiceCollection): Promise<void> {
    await manager.upsert(InvoiceCollection, row, ['firmId', 'invoiceId']);
  }
}
