import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '@lawfirm/platform';
import { CustodyService, type RequestOrigin } from '../custody/custody.service';
import { ReviewsService } from '../review/reviews.service';
import { TextIndexService, type SearchFilters } from '../text-index/text-index.service';
import type { SearchFiltersDto, SearchTagDto } from './dto/search.dto';
import type { SearchHitView } from './dto/search.view';

/** The most documents one bulk tagging may change; a larger result must be narrowed first. */
export const MAX_TAGGED = 1000;

/** A rank as PostgreSQL's real prints it, so a cursor cannot carry anything else into SQL. */
const RANK = /^(\d+(\.\d+)?(e-?\d+)?)$/;

/**
 * Full-text search over the current version of each document of the caller's firm, best match
 * first, with highlighted passages; and tagging every match of a search at once. A search result
 * reveals passages of each listed document, so each goes on its custody log (`viewed`).
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly textIndex: TextIndexService,
    private readonly reviews: ReviewsService,
    private readonly custody: CustodyService,
    private readonly matters: MatterProjectionService,
  ) {}

  async search(
    actor: Actor,
    origin: RequestOrigin,
    filters: SearchFiltersDto,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<SearchHitView>> {
    const after = decodeCursor(cursor, 'text');
    if (after && !RANK.test(after.sortKey))
      throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is invalid' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (filters.matterId && !(await this.matters.find(manager, filters.matterId)))
        throw new NotFoundError('matter', filters.matterId);
      const rows = await this.textIndex.search(
        manager,
        filtersOf(filters),
        limit + 1,
        after ? { rank: Number(after.sortKey), documentId: after.id } : undefined,
      );
      const page = rows.slice(0, limit);
      for (const row of page)
        await this.custody.record(manager, actor, origin, {
          documentId: row.documentId,
          versionId: row.versionId,
          action: 'viewed',
          details: { what: 'search result', query: filters.q.slice(0, 200) },
        });
      const last = page[page.length - 1];
      return {
        items: page.map((row) => ({
          documentId: row.documentId,
          matterId: row.matterId,
          title: row.title,
          custodian: row.custodian,
          versionId: row.versionId,
          version: row.version,
          fileName: row.fileName,
          mediaType: row.mediaType,
          createdAt: row.createdAt.toISOString(),
          rank: row.rank,
          highlight: row.highlight,
        })),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ sortKey: String(last.rank), id: last.documentId })
            : null,
      };
    });
  }

  /**
   * Adds the tags to every document the search matches, in one transaction: all of them or (more
   * than MAX_TAGGED, an unknown matter) none. The search must name its matter.
   */
  async tag(actor: Actor, origin: RequestOrigin, input: SearchTagDto): Promise<number> {
    const { search, tags } = input;
    if (!search.matterId)
      throw new ValidationFailedError([
        { field: 'search.matterId', message: 'search.matterId is required to tag a search result' },
      ]);
    if (
      tags.relevance === undefined &&
      tags.responsive === undefined &&
      tags.confidentiality === undefined &&
      !tags.issueCodes?.length
    )
      throw new ValidationFailedError([{ field: 'tags', message: 'tags must name at least one tag to add' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, search.matterId as string)))
        throw new NotFoundError('matter', search.matterId as string);
      const ids = await this.textIndex.matchingDocumentIds(manager, filtersOf(search), MAX_TAGGED + 1);
      if (ids.length > MAX_TAGGED)
        throw new ValidationFailedError([
          {
            field: 'search',
            message: `search matches more than ${MAX_TAGGED} documents; narrow it before tagging`,
          },
        ]);
      return this.reviews.tagMany(manager, actor, origin, ids, { ...tags });
    });
  }
}

function filtersOf(dto: SearchFiltersDto): SearchFilters {
  return {
    query: dto.q,
    matterId: dto.matterId,
    custodian: dto.custodian,
    issueCode: dto.issueCode,
    confidentiality: dto.confidentiality,
    responsive: dto.responsive,
    relevance: dto.relevance,
    privileged: dto.privileged,
    filedFrom: dto.filedFrom,
    filedTo: dto.filedTo,
  };
}
