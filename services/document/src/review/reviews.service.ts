import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { CustodyService, type RequestOrigin } from '../custody/custody.service';
import { DocumentsService, type DocumentSummary } from '../documents/documents.service';
import { ProductionsService } from '../productions/productions.service';
import type { BulkReviewDto, ReviewDto } from './dto/review.dto';
import type { ReviewView } from './dto/review.view';
import type { DocumentReview } from './document-review.entity';
import { privilegeProblems } from './review.rules';
import { ReviewsRepository, type TagChange } from './reviews.repository';

export type { TagChange } from './reviews.repository';
export { CONFIDENTIALITY, RELEVANCE } from './review.rules';

/** Plain-language document types for the privilege log, from the sniffed media type. */
const DOCUMENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF document',
  'text/plain': 'Text document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Spreadsheet',
  'message/rfc822': 'E-mail',
};

/**
 * Review coding of documents (relevance, responsiveness, privilege, confidentiality, issue codes;
 * reviewer and date), one document or many at once, and the matter's privilege log. Every coding
 * goes on the document's custody log (`tagged`) and the audit trail in the same transaction.
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reviews: ReviewsRepository,
    private readonly documents: DocumentsService,
    private readonly custody: CustodyService,
    private readonly matters: MatterProjectionService,
    private readonly productions: ProductionsService,
  ) {}

  async code(actor: Actor, origin: RequestOrigin, documentId: string, input: ReviewDto): Promise<ReviewView> {
    checkPrivilege(input, '');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const [document] = await this.documents.summaries(manager, [documentId]);
      if (!document) throw new NotFoundError('document', documentId);
      const [review] = await this.apply(manager, actor, origin, [document], input);
      await recordChange(manager, actor, {
        action: 'document.reviewed',
        resourceType: 'document',
        resourceId: documentId,
        details: codingDetails(review as DocumentReview),
      });
      return viewOf(review as DocumentReview);
    });
  }

  async get(actor: Actor, documentId: string): Promise<ReviewView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const review = await this.reviews.find(manager, documentId);
      if (!review) throw new NotFoundError('review', documentId);
      return viewOf(review);
    });
  }

  /** The same coding on many documents of one matter: all of them, or (one unknown) none. */
  async codeMany(
    actor: Actor,
    origin: RequestOrigin,
    matterId: string,
    input: BulkReviewDto,
  ): Promise<number> {
    checkPrivilege(input.coding, 'coding.');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const found = new Map(
        (await this.documents.summaries(manager, input.documentIds)).map((document) => [
          document.id,
          document,
        ]),
      );
      const problems = input.documentIds.flatMap((id, index) =>
        found.get(id)?.matterId === matterId
          ? []
          : [
              {
                field: `documentIds[${index}]`,
                message: `documentIds[${index}] is not a document of this matter`,
              },
            ],
      );
      if (problems.length) throw new ValidationFailedError(problems);
      const documents = input.documentIds.map((id) => found.get(id) as DocumentSummary);
      const reviews = await this.apply(manager, actor, origin, documents, input.coding);
      await recordChange(manager, actor, {
        action: 'document.bulk-reviewed',
        resourceType: 'matter',
        resourceId: matterId,
        details: { documents: reviews.length, ...codingDetails(reviews[0] as DocumentReview) },
      });
      return reviews.length;
    });
  }

  /**
   * Adds tags to the documents (e.g. a search result), inside the caller's transaction: each document's
   * coding keeps what the tags do not name, and each is on its custody log (`tagged`) and audited
   * (`document.tagged`) on its own. Documents that do not exist for the firm are left out. Returns
   * how many were tagged.
   */
  async tagMany(
    manager: EntityManager,
    actor: Actor,
    origin: RequestOrigin,
    documentIds: readonly string[],
    tags: TagChange,
  ): Promise<number> {
    const sorted = [...documentIds].sort();
    const reviews = await this.reviews.mergeTags(manager, sorted, tags, actor.subject, new Date());
    for (const review of reviews) {
      await this.custody.record(manager, actor, origin, {
        documentId: review.documentId,
        action: 'tagged',
        details: { ...flatDetails(review), how: 'bulk tag of a search result' },
      });
      await recordChange(manager, actor, {
        action: 'document.tagged',
        resourceType: 'document',
        resourceId: review.documentId,
        details: { matterId: review.matterId, added: { ...tags }, ...codingDetails(review) },
      });
    }
    return reviews.length;
  }

  /**
   * The matter's privilege log (FRCP 26(b)(5)(A)) as CSV: one row per document withheld or redacted,
   * oldest document date first, with the Bates numbers each was produced under. Each listed
   * document's custody log records the export.
   */
  async privilegeLogCsv(actor: Actor, origin: RequestOrigin, matterId: string): Promise<string> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const rows = await this.reviews.privileged(manager, matterId);
      const documents = new Map(
        (
          await this.documents.summaries(
            manager,
            rows.map((row) => row.documentId),
          )
        ).map((document) => [document.id, document]),
      );
      const bates = await this.productions.batesOf(
        manager,
        rows.map((row) => row.documentId),
      );
      for (const row of rows)
        await this.custody.record(manager, actor, origin, {
          documentId: row.documentId,
          action: 'exported',
          details: { what: 'privilege log' },
        });
      return stringify(
        rows.map((row) => [
          row.documentDate ?? '',
          DOCUMENT_TYPES[documents.get(row.documentId)?.mediaType ?? ''] ?? 'Document',
          row.author ?? '',
          row.recipients.join('; '),
          row.privilegeDescription ?? '',
          row.privilegeTypes.join('; '),
          row.privilegeTreatment ?? '',
          bates.get(row.documentId) ?? '',
          row.documentId,
        ]),
        {
          header: true,
          columns: [
            'Date',
            'Document type',
            'Author',
            'Recipients',
            'Description',
            'Privilege basis',
            'Withheld/Redacted',
            'Bates range',
            'Document id',
          ],
        },
      );
    });
  }

  private async apply(
    manager: EntityManager,
    actor: Actor,
    origin: RequestOrigin,
    documents: DocumentSummary[],
    input: ReviewDto,
  ): Promise<DocumentReview[]> {
    const reviewedAt = new Date();
    const reviews: DocumentReview[] = documents.map((document) => ({
      firmId: actor.firmId,
      documentId: document.id,
      matterId: document.matterId,
      relevance: input.relevance ?? null,
      responsive: input.responsive ?? null,
      privilegeTypes: input.privilegeTypes ?? [],
      privilegeTreatment: input.privilegeTreatment ?? null,
      privilegeDescription: input.privilegeDescription ?? null,
      author: input.author ?? null,
      recipients: input.recipients ?? [],
      documentDate: input.documentDate ?? null,
      confidentiality: input.confidentiality ?? null,
      issueCodes: input.issueCodes ?? [],
      reviewedBy: actor.subject,
      reviewedAt,
    }));
    await this.reviews.save(manager, reviews);
    for (const review of reviews)
      await this.custody.record(manager, actor, origin, {
        documentId: review.documentId,
        action: 'tagged',
        details: flatDetails(review),
      });
    return reviews;
  }
}

function checkPrivilege(input: ReviewDto, prefix: string): void {
  const problems = privilegeProblems(
    input.privilegeTypes ?? [],
    input.privilegeTreatment,
    input.privilegeDescription,
  );
  if (problems.length)
    throw new ValidationFailedError(
      problems.map((problem) => ({ field: prefix + problem.field, message: prefix + problem.message })),
    );
}

function codingDetails(review: DocumentReview) {
  return {
    relevance: review.relevance,
    responsive: review.responsive,
    privilegeTypes: review.privilegeTypes,
    privilegeTreatment: review.privilegeTreatment,
    confidentiality: review.confidentiality,
    issueCodes: review.issueCodes,
  };
}

/** The custody log's details hold flat values only. */
function flatDetails(review: DocumentReview): Record<string, string | boolean | null> {
  return {
    relevance: review.relevance,
    responsive: review.responsive,
    privilegeTypes: review.privilegeTypes.join(';'),
    privilegeTreatment: review.privilegeTreatment,
    confidentiality: review.confidentiality,
    issueCodes: review.issueCodes.join(';'),
  };
}

function viewOf(review: DocumentReview): ReviewView {
  return {
    documentId: review.documentId,
    matterId: review.matterId,
    relevance: review.relevance,
    responsive: review.responsive,
    privilegeTypes: review.privilegeTypes,
    privilegeTreatment: review.privilegeTreatment,
    privilegeDescription: review.privilegeDescription,
    author: review.author,
    recipients: review.recipients,
    documentDate: review.documentDate,
    confidentiality: review.confidentiality,
    issueCodes: review.issueCodes,
    reviewedBy: review.reviewedBy,
    reviewedAt: review.reviewedAt.toISOString(),
  };
}
