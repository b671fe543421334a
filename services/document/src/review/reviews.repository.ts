import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentReview } from './document-review.entity';

@Injectable()
export class ReviewsRepository {
  find(manager: EntityManager, documentId: string): Promise<DocumentReview | null> {
    return manager.getRepository(DocumentReview).findOne({ where: { documentId } });
  }

  async save(manager: EntityManager, reviews: DocumentReview[]): Promise<void> {
    await manager.upsert(DocumentReview, reviews, ['firmId', 'documentId']);
  }

  /** A matter's privilege calls for the log, oldest document date first. */
  privileged(manager: EntityManager, matterId: string): Promise<DocumentReview[]> {
    return manager
      .getRepository(DocumentReview)
      .createQueryBuilder('review')
      .where('review.matter_id = :matterId', { matterId })
      .andWhere('cardinality(review.privilege_types) > 0')
      .orderBy('review.document_date', 'ASC', 'NULLS LAST')
      .addOrderBy('review.document_id', 'ASC')
      .getMany();
  }
}
