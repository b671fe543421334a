import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentText } from './document-text.entity';

/** What a search may be narrowed by; every field is optional but the query. */
export interface SearchFilters {
  query: string;
  matterId?: string;
  custodian?: string;
  issueCode?: string;
  confidentiality?: string;
  responsive?: boolean;
  relevance?: string;
  privileged?: boolean;
  /** Filed on or after this UTC date (YYYY-MM-DD). */
  filedFrom?: string;
  /** Filed on or before this UTC date (YYYY-MM-DD). */
  filedTo?: string;
}

/** Where the previous page ended: its last rank and document id. */
export interface RankCursor {
  rank: number;
  documentId: string;
}

export interface SearchRow {
  documentId: string;
  matterId: string;
  title: string;
  custodian: string | null;
  createdAt: Date;
  versionId: string;
  version: number;
  fileName: string;
  mediaType: string;
  rank: number;
  highlight: string;
}

/** ts_headline's markers around matched words: plain text, never HTML (the passage is the document's own text). */
export const HIGHLIGHT = { start: '[[', stop: ']]' } as const;

@Injectable()
export class TextIndexRepository {
  async insert(manager: EntityManager, text: Omit<DocumentText, 'searchVector'>): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(DocumentText)
      .values({ ...text, searchVector: () => `to_tsvector('english', :content)` })
      .setParameter('content', text.content)
      .execute();
  }

  async forget(manager: EntityManager, documentId: string): Promise<void> {
    await manager.getRepository(DocumentText).delete({ documentId });
  }

  find(manager: EntityManager, versionId: string): Promise<DocumentText | null> {
    return manager.getRepository(DocumentText).findOne({ where: { versionId } });
  }

  /**
   * The current versions matching the query, best first (ts_rank, then document id), with a
   * highlighted passage (ts_headline) for the page only. Raw SQL: full-text operators, ranking and
   * headlines are not expressible in TypeORM. Row-level security keeps it to the caller's firm.
   */
  async search(
    manager: EntityManager,
    filters: SearchFilters,
    limit: number,
    after: RankCursor | undefined,
  ): Promise<SearchRow[]> {
    const { where, parameters } = this.matching(filters);
    parameters.push(after?.rank ?? null, after?.documentId ?? null, limit);
    const [rank, id, limitAt] = [parameters.length - 2, parameters.length - 1, parameters.length];
    const rows: Array<Record<string, unknown>> = await manager.query(
      `WITH hits AS (
         SELECT d.id AS document_id, d.matter_id, d.title, d.custodian, d.created_at, v.id AS version_id,
                v.version, v.file_name, v.media_type, ts_rank(t.search_vector, q.query) AS rank, q.query
           FROM ${FROM} WHERE ${where}),
       page AS (
         SELECT * FROM hits
          WHERE $${rank}::real IS NULL OR rank < $${rank}::real OR (rank = $${rank}::real AND document_id > $${id}::uuid)
          ORDER BY rank DESC, document_id ASC LIMIT $${limitAt})
       SELECT page.*, ts_headline('english', t.content, page.query,
                'StartSel=${HIGHLIGHT.start}, StopSel=${HIGHLIGHT.stop}, MaxFragments=3, MaxWords=25, MinWords=8, FragmentDelimiter=" … "') AS highlight
         FROM page JOIN document_texts t ON t.version_id = page.version_id
        ORDER BY page.rank DESC, page.document_id ASC`,
      parameters,
    );
    return rows.map((row) => ({
      documentId: row.document_id as string,
      matterId: row.matter_id as string,
      title: row.title as string,
      custodian: row.custodian as string | null,
      createdAt: row.created_at as Date,
      versionId: row.version_id as string,
      version: row.version as number,
      fileName: row.file_name as string,
      mediaType: row.media_type as string,
      rank: Number(row.rank),
      highlight: row.highlight as string,
    }));
  }

  /** The ids of every matching document (at most `max`), in id order: what a bulk tag applies to. */
  async matchingDocumentIds(manager: EntityManager, filters: SearchFilters, max: number): Promise<string[]> {
    const { where, parameters } = this.matching(filters);
    parameters.push(max);
    const rows: Array<{ document_id: string }> = await manager.query(
      `SELECT d.id AS document_id FROM ${FROM} WHERE ${where} ORDER BY d.id LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map((row) => row.document_id);
  }

  private matching(filters: SearchFilters): { where: string; parameters: unknown[] } {
    const parameters: unknown[] = [filters.query];
    const conditions = ['t.search_vector @@ q.query', 'd.destroyed_at IS NULL'];
    const add = (value: unknown, condition: (placeholder: string) => string): void => {
      if (value === undefined) return;
      parameters.push(value);
      conditions.push(condition(`$${parameters.length}`));
    };
    add(filters.matterId, (p) => `d.matter_id = ${p}::uuid`);
    add(filters.custodian, (p) => `d.custodian = ${p}`);
    add(filters.issueCode, (p) => `${p} = ANY (r.issue_codes)`);
    add(filters.confidentiality, (p) => `r.confidentiality = ${p}`);
    add(filters.responsive, (p) => `r.responsive = ${p}::boolean`);
    add(filters.relevance, (p) => `r.relevance = ${p}`);
    if (filters.privileged !== undefined)
      conditions.push(
        filters.privileged
          ? 'cardinality(r.privilege_types) > 0'
          : '(r.document_id IS NULL OR cardinality(r.privilege_types) = 0)',
      );
    add(filters.filedFrom, (p) => `d.created_at >= (${p}::date AT TIME ZONE 'UTC')`);
    add(filters.filedTo, (p) => `d.created_at < ((${p}::date + 1) AT TIME ZONE 'UTC')`);
    return { where: conditions.join(' AND '), parameters };
  }
}

/** The current version of each document with its text, its coding if any, and the parsed query ($1). */
const FROM = `document_texts t
  CROSS JOIN websearch_to_tsquery('english', $1) AS q(query)
  JOIN document_versions v ON v.firm_id = t.firm_id AND v.id = t.version_id
  JOIN documents d ON d.firm_id = v.firm_id AND d.id = v.document_id AND d.current_version = v.version
  LEFT JOIN document_reviews r ON r.firm_id = d.firm_id AND r.document_id = d.id`;
