import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import type { CustodyEventView } from './dto/custody.view';
import type { CustodyAction, CustodyEvent } from './custody-event.entity';
import { CustodyRepository } from './custody.repository';

/** Where a request came from, as this service can tell: its request id (the gateway's request record holds the caller's address under it) and the peer address. */
export interface RequestOrigin {
  requestId: string;
  clientAddress: string | null;
}

/** One link to add to a document's chain. */
export interface CustodyEntry {
  documentId: string;
  versionId?: string | null;
  action: CustodyAction;
  details?: Record<string, string | number | boolean | null>;
}

/** Rows per query while a custody CSV is written. */
const EXPORT_BATCH = 1000;

/**
 * The chain of custody of each document: every upload, view, download, change, tag, export and
 * integrity failure, who did it, when and from where. Insert-only; written in the transaction of
 * what it records.
 */
@Injectable()
export class CustodyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly custody: CustodyRepository,
  ) {}

  async record(
    manager: EntityManager,
    actor: Actor,
    origin: RequestOrigin,
    entry: CustodyEntry,
  ): Promise<void> {
    await this.custody.insert(manager, {
      firmId: actor.firmId,
      id: randomUUID(),
      documentId: entry.documentId,
      versionId: entry.versionId ?? null,
      action: entry.action,
      actorType: actor.actorType,
      actorId: actor.subject,
      occurredAt: new Date(),
      requestId: origin.requestId,
      clientAddress: origin.clientAddress,
      details: entry.details ?? {},
    });
  }

  async list(
    actor: Actor,
    documentId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<CustodyEventView>> {
    const after = decodeCursor(cursor, 'timestamp');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.custody.hasAny(manager, documentId))) throw new NotFoundError('document', documentId);
      const rows = await this.custody.list(manager, documentId, limit, after);
      return toPage(rows, limit, (row) => ({ sortKey: row.occurredAt.toISOString(), id: row.id }), viewOf);
    });
  }

  /** The whole chain as CSV; the export is itself the chain's last link. */
  async exportCsv(actor: Actor, origin: RequestOrigin, documentId: string): Promise<string> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.custody.hasAny(manager, documentId))) throw new NotFoundError('document', documentId);
      await this.record(manager, actor, origin, {
        documentId,
        action: 'exported',
        details: { format: 'csv' },
      });
      const lines = [
        stringify([
          [
            'occurredAt',
            'action',
            'versionId',
            'actorType',
            'actorId',
            'requestId',
            'clientAddress',
            'details',
          ],
        ]),
      ];
      let after: { sortKey: string; id: string } | undefined;
      for (;;) {
        const rows = await this.custody.list(manager, documentId, EXPORT_BATCH, after);
        const batch = rows.slice(0, EXPORT_BATCH);
        lines.push(
          stringify(
            batch.map((row) => [
              row.occurredAt.toISOString(),
              row.action,
              row.versionId ?? '',
              row.actorType,
              row.actorId,
              row.requestId ?? '',
              row.clientAddress ?? '',
              JSON.stringify(row.details),
            ]),
          ),
        );
        const last = batch[batch.length - 1];
        if (rows.length <= EXPORT_BATCH || !last) break;
        after = { sortKey: last.occurredAt.toISOString(), id: last.id };
      }
      return lines.join('');
    });
  }
}

function viewOf(row: CustodyEvent): CustodyEventView {
  return {
    id: row.id,
    documentId: row.documentId,
    versionId: row.versionId,
    action: row.action,
    actorType: row.actorType,
    actorId: row.actorId,
    occurredAt: row.occurredAt.toISOString(),
    requestId: row.requestId,
    clientAddress: row.clientAddress,
    details: row.details,
  };
}
