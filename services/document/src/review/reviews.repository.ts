import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { DocumentReview } from './document-review.entity';
import type { Confidentiality, Relevance } from './review.rules';

/** Tags a bulk tagging adds; a field left out keeps each document's own value. */
export interface TagChange {
  relevance?: Relevance;
  responsive?: boolean;
  confidentiality?: Confidentiality;
  issueCodes?: string[];
}

@Injectable()
export class ReviewsRepository {
  find(manager: EntityManager, documentId: string): Promise<DocumentReview | null> {
    return manager.getRepository(DocumentReview).findOne({ where: { documentId } });
  }

  async save(manager: EntityManager, reviews: DocumentReview[]): Promise<void> {
    await manager.upsert(DocumentReview, reviews, ['firmId', 'documentId']);
  }

  /**
   * Adds tags to documents' coding in one statement: the given relevance, responsiveness and
   * designation replace the document's own, issue codes are added to its own (sorted, no
   * duplicates), everything else is kept; a document without coding gets it. Rows are written in
   * document id order, so concurrent bulk tags lock them in one order. Raw SQL: the merge happens
   * in ON CONFLICT DO UPDATE, which TypeORM's upsert cannot express.
   */
  async mergeTags(
    manager: EntityManager,
    documentIds: readonly string[],
    tags: TagChange,
    reviewedBy: string,
    reviewedAt: Date,
  ): Promise<DocumentReview[]> {
    if (documentIds.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await manager.query(
      `INSERT INTO document_reviews AS r (firm_id, document_id, matter_id, relevance, responsive,
          privilege_types, author, recipients, confidentiality, issue_codes, reviewed_by, reviewed_at)
       SELECT d.firm_id, d.id, d.matter_id, $2, $3::boolean, '{}', NULL, '{}', $4,
              ARRAY(SELECT DISTINCT code FROM unnest($5::text[]) AS code ORDER BY code), $6, $7
         FROM documents d WHERE d.id = ANY ($1::uuid[]) AND d.destroyed_at IS NULL ORDER BY d.id
       ON CONFLICT (firm_id, document_id) DO UPDATE SET
         relevance = COALESCE($2, r.relevance),
         responsive = COALESCE($3::boolean, r.responsive),
         confidentiality = COALESCE($4, r.confidentiality),
         issue_codes = ARRAY(SELECT DISTINCT code FROM unnest(r.issue_codes || $5::text[]) AS code ORDER BY code),
         reviewed_by = $6, reviewed_at = $7
       RETURNING r.document_id`,
      [
        [...documentIds],
        tags.relevance ?? null,
        tags.responsive ?? null,
        tags.confidentiality ?? null,
        tags.issueCodes ?? [],
        reviewedBy,
        reviewedAt,
      ],
    );
    return manager.getRepository(DocumentReview).find({
      where: { documentId: In(rows.map((row) => row.document_id as string)) },
      order: { documentId: 'ASC' },
    });
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
