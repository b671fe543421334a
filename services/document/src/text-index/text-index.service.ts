import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import type { DocumentConfig } from '../config';
import type { DocumentText } from './document-text.entity';
import { extractText, type Extraction } from './text-extraction';
import {
  TextIndexRepository,
  type RankCursor,
  type SearchFilters,
  type SearchRow,
} from './text-index.repository';

export type { Extraction } from './text-extraction';
export { HIGHLIGHT, type RankCursor, type SearchFilters, type SearchRow } from './text-index.repository';

/**
 * The searchable text of document versions: extracted from the plaintext once at upload (outside any
 * transaction: parsing can take a while), stored with its tsvector in the upload's transaction, and
 * searched with ranking and highlights.
 */
@Injectable()
export class TextIndexService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: DocumentConfig,
    private readonly texts: TextIndexRepository,
  ) {}

  extract(mediaType: string, sizeBytes: number, open: () => Promise<Readable>): Promise<Extraction> {
    return extractText(mediaType, sizeBytes, open, {
      maxParsedFileBytes: this.config.DOCUMENT_EXTRACT_MAX_BYTES,
      maxTextChars: this.config.DOCUMENT_TEXT_MAX_CHARS,
    });
  }

  async record(
    manager: EntityManager,
    firmId: string,
    documentId: string,
    versionId: string,
    extraction: Extraction,
  ): Promise<void> {
    await this.texts.insert(manager, {
      firmId,
      versionId,
      documentId,
      status: extraction.status,
      skipReason: extraction.status === 'skipped' ? extraction.reason : null,
      detail: extraction.status === 'skipped' ? (extraction.detail ?? null) : null,
      content: extraction.status === 'extracted' ? extraction.text : '',
      truncated: extraction.status === 'extracted' && extraction.truncated,
      extractedAt: new Date(),
    });
  }

  /** Removes every version's text of a destroyed document. */
  forget(manager: EntityManager, documentId: string): Promise<void> {
    return this.texts.forget(manager, documentId);
  }

  textOf(manager: EntityManager, versionId: string): Promise<DocumentText | null> {
    return this.texts.find(manager, versionId);
  }

  search(
    manager: EntityManager,
    filters: SearchFilters,
    limit: number,
    after: RankCursor | undefined,
  ): Promise<SearchRow[]> {
    return this.texts.search(manager, filters, limit, after);
  }

  matchingDocumentIds(manager: EntityManager, filters: SearchFilters, max: number): Promise<string[]> {
    return this.texts.matchingDocumentIds(manager, filters, max);
  }
}
