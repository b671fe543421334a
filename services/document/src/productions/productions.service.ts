import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import archiver from 'archiver';
import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { CustodyService, type RequestOrigin } from '../custody/custody.service';
import { DocumentsService } from '../documents/documents.service';
import type { BatesSettingsDto, CreateProductionDto } from './dto/production.dto';
import type { BatesSettingsView, ProductionView } from './dto/production.view';
import { assignBates, batesLabel } from './bates.rules';
import { datFile, nativePath, optFile } from './load-file.rules';
import type { BatesCounter } from './bates-counter.entity';
import type { ProductionDocument } from './production-document.entity';
import type { Production } from './production.entity';
import { ProductionsRepository } from './productions.repository';

export class BatesNotConfiguredError extends DomainError {
  constructor(matterId: string) {
    super(
      'conflict',
      'bates_not_configured',
      `Matter ${matterId} has no Bates prefix yet: set one with PUT /v1/matters/${matterId}/bates first.`,
    );
  }
}

/**
 * Bates numbering per matter and productions: a production stamps its documents' current versions
 * with consecutive numbers from the matter's counter in one transaction holding the counter's row
 * lock, so concurrent productions never interleave, leave a gap or repeat a number (a unique index
 * backs the last). All or nothing: one unknown document and nothing is stamped.
 */
@Injectable()
export class ProductionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly productions: ProductionsRepository,
    private readonly documents: DocumentsService,
    private readonly custody: CustodyService,
    private readonly matters: MatterProjectionService,
  ) {}

  async configure(actor: Actor, matterId: string, input: BatesSettingsDto): Promise<BatesSettingsView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const existing = await this.productions.lockCounter(manager, matterId);
      const counter: BatesCounter = {
        firmId: actor.firmId,
        matterId,
        prefix: input.prefix,
        padding: input.padding,
        nextNumber: existing?.nextNumber ?? '1',
      };
      await this.productions.saveCounter(manager, counter);
      await recordChange(manager, actor, {
        action: 'document.bates-configured',
        resourceType: 'matter',
        resourceId: matterId,
        details: { prefix: input.prefix, padding: input.padding },
      });
      return {
        matterId,
        prefix: counter.prefix,
        padding: counter.padding,
        nextNumber: Number(counter.nextNumber),
      };
    });
  }

  async produce(
    actor: Actor,
    origin: RequestOrigin,
    matterId: string,
    input: CreateProductionDto,
  ): Promise<ProductionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const found = new Map(
        (await this.documents.summaries(manager, input.documentIds)).map((document) => [
          document.id,
          document,
        ]),
      );
      const problems = input.documentIds.flatMap((id, index) =>
        found.get(id)?.matterId === matterId && found.get(id)?.versionId
          ? []
          : [
              {
                field: `documentIds[${index}]`,
                message: `documentIds[${index}] is not a document of this matter`,
              },
            ],
      );
      if (problems.length) throw new ValidationFailedError(problems);
      const counter = await this.productions.lockCounter(manager, matterId);
      if (!counter) throw new BatesNotConfiguredError(matterId);
      const { numbers, nextAfter } = assignBates(Number(counter.nextNumber), input.documentIds.length);
      const production: Production = {
        firmId: actor.firmId,
        id: randomUUID(),
        matterId,
        name: input.name,
        prefix: counter.prefix,
        padding: counter.padding,
        firstNumber: String(numbers[0]),
        lastNumber: String(numbers[numbers.length - 1]),
        producedBy: actor.subject,
        producedAt: new Date(),
      };
      const stamped: ProductionDocument[] = input.documentIds.map((documentId, index) => ({
        firmId: actor.firmId,
        productionId: production.id,
        position: index + 1,
        matterId,
        documentId,
        versionId: found.get(documentId)?.versionId as string,
        batesStart: String(numbers[index]),
        batesEnd: String(numbers[index]),
      }));
      await this.productions.insert(manager, production, stamped);
      await this.productions.advance(manager, matterId, nextAfter);
      for (const document of stamped)
        await this.custody.record(manager, actor, origin, {
          documentId: document.documentId,
          versionId: document.versionId,
          action: 'produced',
          details: {
            productionId: production.id,
            bates: batesLabel(counter.prefix, counter.padding, Number(document.batesStart)),
          },
        });
      const view = viewOf(production, stamped);
      await recordChange(manager, actor, {
        action: 'document.production-created',
        resourceType: 'production',
        resourceId: production.id,
        details: {
          matterId,
          documents: stamped.length,
          firstBates: view.firstBates,
          lastBates: view.lastBates,
        },
      });
      return view;
    });
  }

  /** Each document's Bates numbers in every production it is in (`ACME000002; ACME000009`), inside the caller's transaction. */
  async batesOf(manager: EntityManager, documentIds: readonly string[]): Promise<Map<string, string>> {
    const stamps = new Map<string, string[]>();
    for (const { document, production } of await this.productions.stampsOf(manager, documentIds)) {
      const start = batesLabel(production.prefix, production.padding, Number(document.batesStart));
      const end = batesLabel(production.prefix, production.padding, Number(document.batesEnd));
      stamps.set(document.documentId, [
        ...(stamps.get(document.documentId) ?? []),
        start === end ? start : `${start}-${end}`,
      ]);
    }
    return new Map([...stamps].map(([documentId, ranges]) => [documentId, ranges.join('; ')]));
  }

  /**
   * The production as a ZIP stream: `<name>.dat` (Concordance) and `<name>.opt` (Opticon) load files
   * and each document's native file under `NATIVES/<first Bates number>.<ext>`, in Bates order. The
   * listing and the custody links (`exported`) are written before the first byte; natives are
   * decrypted one at a time into the archive, each checked as it flows, so an altered blob aborts
   * the transfer instead of completing it. A document destroyed since is listed without a native.
   */
  async loadFiles(
    actor: Actor,
    origin: RequestOrigin,
    productionId: string,
  ): Promise<{ fileName: string; archive: Readable }> {
    const { production, entries } = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const found = await this.productions.find(manager, productionId);
      if (!found) throw new NotFoundError('production', productionId);
      const stamped = await this.productions.documents(manager, productionId);
      const versions = new Map(
        (
          await this.documents.exportVersions(
            manager,
            actor,
            origin,
            stamped.map((document) => document.versionId),
            `load files of production ${found.name}`,
          )
        ).map((version) => [version.versionId, version]),
      );
      const label = (bates: string): string => batesLabel(found.prefix, found.padding, Number(bates));
      return {
        production: found,
        entries: stamped.map((document) => {
          const version = versions.get(document.versionId);
          const begBates = label(document.batesStart);
          return {
            begBates,
            endBates: label(document.batesEnd),
            documentId: document.documentId,
            version,
            path: version ? nativePath(begBates, version.fileName) : '',
          };
        }),
      };
    });
    const base = loadFileBase(production.name, production.id);
    const dat = datFile(
      entries.map((entry) => ({
        BEGBATES: entry.begBates,
        ENDBATES: entry.endBates,
        DOCID: entry.documentId,
        TITLE: entry.version?.title ?? '',
        CUSTODIAN: entry.version?.custodian ?? '',
        FILENAME: entry.version?.fileName ?? '',
        MEDIATYPE: entry.version?.mediaType ?? '',
        SHA256: entry.version?.sha256 ?? '',
        NATIVEPATH: entry.path.replaceAll('/', '\\'),
      })),
    );
    const opt = optFile(
      entries
        .filter((entry) => entry.version)
        .map((entry) => ({
          imageKey: entry.begBates,
          volume: base,
          imagePath: entry.path.replaceAll('/', '\\'),
        })),
    );
    const zip = archiver('zip', { zlib: { level: 6 } });
    const archive = new PassThrough();
    let processed = 0;
    let failed: Error | undefined;
    let wake: (() => void) | undefined;
    zip.on('entry', () => {
      processed += 1;
      wake?.();
    });
    zip.on('error', (error) => {
      failed = error;
      wake?.();
      archive.destroy(error);
    });
    /** Waits until the archive has written `count` entries: one native is read at a time. */
    const written = async (count: number): Promise<void> => {
      while (processed < count && !failed) await new Promise<void>((resolve) => (wake = resolve));
      if (failed) throw failed;
    };
    zip.pipe(archive);
    zip.append(dat, { name: `${base}.dat` });
    zip.append(opt, { name: `${base}.opt` });
    void (async () => {
      let appended = 2;
      try {
        for (const entry of entries) {
          if (!entry.version) continue;
          await written(appended);
          // Natives are stored, not deflated: PDFs, DOCX and images are compressed already.
          zip.append(await entry.version.open(), { name: entry.path, store: true });
          appended += 1;
        }
        await zip.finalize();
      } catch (error) {
        zip.abort();
        archive.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    })();
    return { fileName: `${base}.zip`, archive };
  }

  async get(actor: Actor, productionId: string): Promise<ProductionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const production = await this.productions.find(manager, productionId);
      if (!production) throw new NotFoundError('production', productionId);
      return viewOf(production, await this.productions.documents(manager, productionId));
    });
  }
}

function viewOf(production: Production, documents: ProductionDocument[]): ProductionView {
  const label = (bates: string): string => batesLabel(production.prefix, production.padding, Number(bates));
  return {
    id: production.id,
    matterId: production.matterId,
    name: production.name,
    firstBates: label(production.firstNumber),
    lastBates: label(production.lastNumber),
    producedBy: production.producedBy,
    producedAt: production.producedAt.toISOString(),
    documents: documents.map((document) => ({
      documentId: document.documentId,
      versionId: document.versionId,
      batesStart: label(document.batesStart),
      batesEnd: label(document.batesEnd),
    })),
  };
}

/** The archive's and load files' base name: the production's name in safe characters, or its id. */
function loadFileBase(name: string, id: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return safe || id;
}
