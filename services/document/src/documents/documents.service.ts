import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { DocumentUploadedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, SERVICE_CONFIG, toPage, type Page } from '@lawfirm/platform';
import type { DocumentConfig } from '../config';
import { CustodyService, type RequestOrigin } from '../custody/custody.service';
import { HoldsService } from '../holds/holds.service';
import { TextIndexService, type Extraction } from '../text-index/text-index.service';
import {
  ContentTooLargeError,
  IntegrityError,
  VaultService,
  type SealedContent,
  type SealedVersion,
} from '../vault/vault.service';
import type { CreateFolderDto, UploadQuery } from './dto/document.dto';
import type {
  DestructionView,
  DocumentView,
  FirmKeyRotationView,
  FolderView,
  VersionView,
} from './dto/document.view';
import type { DocumentDestruction } from './document-destruction.entity';
import type { DocumentVersion } from './document-version.entity';
import type { DocumentRecord } from './document.entity';
import {
  DocumentIntegrityError,
  DocumentUnderHoldError,
  FileRequiredError,
  FileTooLargeError,
  FolderExistsError,
  MatterClosedError,
} from './document.exception';
import { DocumentsRepository } from './documents.repository';
import type { Folder } from './folder.entity';
import { receiveFile, type UploadedFile } from './multipart-upload';

export { DocumentView } from './dto/document.view';

/** An upload as the controller hands it over: the request's headers and its unread body. */
export interface UploadStream {
  headers: IncomingHttpHeaders;
  body: Readable | undefined;
}

/** A download: the verified plaintext stream and what to say about it. */
export interface DownloadedContent {
  content: Readable;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  version: number;
}

/** A produced version as an export needs it: its facts, and its verified plaintext on demand. */
export interface ExportableVersion {
  documentId: string;
  versionId: string;
  title: string;
  custodian: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  /** The plaintext, checked as it flows (a changed blob fails the stream at its end). */
  open(): Promise<Readable>;
}

/** What another feature may know of a document. */
export interface DocumentSummary {
  id: string;
  matterId: string;
  title: string;
  mediaType: string;
  fileName: string;
  /** The current version's id. */
  versionId: string | null;
}

const ROTATION_BATCH = 500;

/**
 * A matter's folders and documents, every version kept. An upload streams the file through the vault
 * (hashed, sniffed, encrypted, stored) before its transaction records the version; a download is
 * verified in full before its first byte is sent. Every read and change goes on the custody log.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: DocumentConfig,
    private readonly documents: DocumentsRepository,
    private readonly matters: MatterProjectionService,
    private readonly custody: CustodyService,
    private readonly vault: VaultService,
    private readonly holds: HoldsService,
    private readonly textIndex: TextIndexService,
  ) {}

  async createFolder(actor: Actor, matterId: string, input: CreateFolderDto): Promise<FolderView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireOpenMatter(manager, matterId);
      const parent = input.parentId ? await this.requireFolder(manager, input.parentId, matterId) : null;
      const folder: Folder = {
        firmId: actor.firmId,
        id: randomUUID(),
        matterId,
        parentId: parent?.id ?? null,
        name: input.name,
        path: `${parent?.path ?? ''}/${input.name}`,
        createdBy: actor.subject,
        createdAt: new Date(),
      };
      if (!(await this.documents.insertFolder(manager, folder))) throw new FolderExistsError(folder.path);
      await recordChange(manager, actor, {
        action: 'document.folder-created',
        resourceType: 'document-folder',
        resourceId: folder.id,
        details: { matterId, path: folder.path },
      });
      return folderView(folder);
    });
  }

  async folders(actor: Actor, matterId: string): Promise<FolderView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireMatter(manager, matterId);
      return (await this.documents.folders(manager, matterId)).map(folderView);
    });
  }

  /** A new document of a matter from an uploaded file (its version 1). */
  async upload(
    actor: Actor,
    origin: RequestOrigin,
    matterId: string,
    query: UploadQuery,
    upload: UploadStream,
  ): Promise<DocumentView> {
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireOpenMatter(manager, matterId);
      if (query.folderId) await this.requireFolder(manager, query.folderId, matterId);
    });
    const documentId = randomUUID();
    return this.storeVersion(actor, receiveUpload(upload), async (manager, versionId, fileName) => {
      await this.requireOpenMatter(manager, matterId);
      const now = new Date();
      const document: DocumentRecord = {
        firmId: actor.firmId,
        id: documentId,
        matterId,
        folderId: query.folderId ?? null,
        title: query.title ?? fileName,
        custodian: query.custodian ?? null,
        currentVersion: 1,
        createdBy: actor.subject,
        createdAt: now,
        updatedAt: now,
        destroyedAt: null,
      };
      await this.documents.insertDocument(manager, document);
      return { document, versionNumber: 1, origin, action: 'uploaded' as const };
    });
  }

  /** A new version of a document from an uploaded file; earlier versions stay as they were. */
  async addVersion(
    actor: Actor,
    origin: RequestOrigin,
    documentId: string,
    upload: UploadStream,
  ): Promise<DocumentView> {
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const document = await this.requireDocument(manager, documentId);
      await this.requireOpenMatter(manager, document.matterId);
    });
    return this.storeVersion(actor, receiveUpload(upload), async (manager) => {
      // Locked: concurrent new versions of one document are numbered one after another, none lost.
      const document = await this.requireDocument(manager, documentId, true);
      await this.requireOpenMatter(manager, document.matterId);
      const versionNumber = document.currentVersion + 1;
      const now = new Date();
      await this.documents.setCurrentVersion(manager, documentId, versionNumber, now);
      return {
        document: { ...document, currentVersion: versionNumber, updatedAt: now },
        versionNumber,
        origin,
        action: 'version-added' as const,
      };
    });
  }

  async get(actor: Actor, origin: RequestOrigin, documentId: string): Promise<DocumentView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const document = await this.requireDocument(manager, documentId);
      const latest = await this.documents.version(manager, documentId, document.currentVersion);
      if (!latest) throw new NotFoundError('document', documentId);
      await this.custody.record(manager, actor, origin, {
        documentId,
        versionId: latest.id,
        action: 'viewed',
      });
      return documentView(document, latest);
    });
  }

  async versions(actor: Actor, origin: RequestOrigin, documentId: string): Promise<VersionView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireDocument(manager, documentId);
      const versions = await this.documents.versions(manager, documentId);
      await this.custody.record(manager, actor, origin, {
        documentId,
        action: 'viewed',
        details: { what: 'version history' },
      });
      return versions.map(versionView);
    });
  }

  async list(
    actor: Actor,
    matterId: string,
    folderId: string | undefined,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<DocumentView>> {
    const after = decodeCursor(cursor, 'timestamp');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireMatter(manager, matterId);
      if (folderId) await this.requireFolder(manager, folderId, matterId);
      const rows = await this.documents.list(manager, matterId, folderId, limit, after);
      const page = rows.slice(0, limit);
      const latest = new Map(
        (await this.documents.currentVersions(manager, page)).map((version) => [version.documentId, version]),
      );
      return toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }),
        (row) => documentView(row, latest.get(row.id) as DocumentVersion),
      );
    });
  }

  /**
   * The content of a version, verified in full (GCM tag, SHA-256, size) before it is served. A
   * failure is refused with document_integrity_failed, and recorded on the custody log and audited.
   */
  async download(
    actor: Actor,
    origin: RequestOrigin,
    documentId: string,
    requestedVersion: number | undefined,
  ): Promise<DownloadedContent> {
    const { version, dataKey } = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const document = await this.requireDocument(manager, documentId);
      const found = await this.documents.version(
        manager,
        documentId,
        requestedVersion ?? document.currentVersion,
      );
      if (!found) throw new NotFoundError('version', String(requestedVersion));
      return {
        version: found,
        dataKey: await this.vault
          .dataKeyOf(manager, actor.firmId, sealedOf(found))
          .catch((error: unknown) => {
            if (error instanceof IntegrityError) return null;
            throw error;
          }),
      };
    });
    try {
      if (!dataKey) throw new IntegrityError('auth-tag');
      await this.vault.verify(sealedOf(version), dataKey);
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      await this.recordIntegrityFailure(actor, origin, version, error.reason);
      throw new DocumentIntegrityError(documentId, version.version);
    }
    await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.custody.record(manager, actor, origin, {
        documentId,
        versionId: version.id,
        action: 'downloaded',
        details: { version: version.version },
      }),
    );
    return {
      content: await this.vault.open(sealedOf(version), dataKey),
      fileName: version.fileName,
      mediaType: version.mediaType,
      sizeBytes: Number(version.sizeBytes),
      sha256: version.sha256,
      version: version.version,
    };
  }

  /**
   * Facts other features need of documents, inside their transaction: the ones of `ids` that exist
   * for the caller's firm (others are simply absent), with their current version's file facts.
   */
  async summaries(manager: EntityManager, ids: readonly string[]): Promise<DocumentSummary[]> {
    const documents = await this.documents.findMany(manager, ids);
    const latest = new Map(
      (await this.documents.currentVersions(manager, documents)).map((version) => [
        version.documentId,
        version,
      ]),
    );
    return documents.map((document) => ({
      id: document.id,
      matterId: document.matterId,
      title: document.title,
      mediaType: latest.get(document.id)?.mediaType ?? 'application/octet-stream',
      fileName: latest.get(document.id)?.fileName ?? document.title,
      versionId: latest.get(document.id)?.id ?? null,
    }));
  }

  /**
   * Files a document the service generated (e.g. from a template) in a matter, as version 1: stored,
   * encrypted, indexed and recorded exactly like an upload by the caller.
   */
  async fileGenerated(
    actor: Actor,
    origin: RequestOrigin,
    matterId: string,
    generated: { fileName: string; title: string; content: Buffer },
  ): Promise<DocumentView> {
    const documentId = randomUUID();
    return this.storeVersion(
      actor,
      async () => ({
        fileName: generated.fileName,
        content: Readable.from([generated.content]),
        finished: Promise.resolve(),
      }),
      async (manager) => {
        await this.requireOpenMatter(manager, matterId);
        const now = new Date();
        const document: DocumentRecord = {
          firmId: actor.firmId,
          id: documentId,
          matterId,
          folderId: null,
          title: generated.title,
          custodian: null,
          currentVersion: 1,
          createdBy: actor.subject,
          createdAt: now,
          updatedAt: now,
          destroyedAt: null,
        };
        await this.documents.insertDocument(manager, document);
        return { document, versionNumber: 1, origin, action: 'uploaded' as const };
      },
    );
  }

  /**
   * The given versions of the caller's firm's documents for an export, inside the caller's
   * transaction, each export on the document's custody log (`exported`, with `what`). Versions of
   * destroyed or unknown documents are left out; a version whose key does not open throws
   * DocumentIntegrityError.
   */
  async exportVersions(
    manager: EntityManager,
    actor: Actor,
    origin: RequestOrigin,
    versionIds: readonly string[],
    what: string,
  ): Promise<ExportableVersion[]> {
    const versions = await this.documents.versionsByIds(manager, versionIds);
    const documents = new Map(
      (
        await this.documents.findMany(manager, [...new Set(versions.map((version) => version.documentId))])
      ).map((document) => [document.id, document]),
    );
    const exportable: ExportableVersion[] = [];
    for (const version of versions) {
      const document = documents.get(version.documentId);
      if (!document) continue;
      const dataKey = await this.vault
        .dataKeyOf(manager, actor.firmId, sealedOf(version))
        .catch((error: unknown) => {
          if (error instanceof IntegrityError) throw new DocumentIntegrityError(document.id, version.version);
          throw error;
        });
      await this.custody.record(manager, actor, origin, {
        documentId: document.id,
        versionId: version.id,
        action: 'exported',
        details: { what, version: version.version },
      });
      exportable.push({
        documentId: document.id,
        versionId: version.id,
        title: document.title,
        custodian: document.custodian,
        fileName: version.fileName,
        mediaType: version.mediaType,
        sizeBytes: Number(version.sizeBytes),
        sha256: version.sha256,
        open: () => this.vault.open(sealedOf(version), dataKey),
      });
    }
    return exportable;
  }

  /**
   * Destroys a document: refused (409, recorded on its custody log and audited) while its matter is
   * under a legal hold; otherwise the register entry and the destroyed mark commit together, then the
   * blobs of every version are removed.
   */
  async destroy(
    actor: Actor,
    origin: RequestOrigin,
    documentId: string,
    reason: string,
  ): Promise<DestructionView> {
    const outcome = await withTenant(this.dataSource, actor.firmId, async (manager) => {
      const document = await this.requireDocument(manager, documentId, true);
      const holdIds = await this.holds.activeHoldsLocked(manager, actor.firmId, document.matterId);
      if (holdIds.length) return { refused: holdIds, entry: null, storageKeys: [] };
      const versions = await this.documents.versions(manager, documentId);
      const entry: DocumentDestruction = {
        firmId: actor.firmId,
        id: randomUUID(),
        documentId,
        matterId: document.matterId,
        title: document.title,
        versions: versions.length,
        reason,
        destroyedBy: actor.subject,
        destroyedAt: new Date(),
      };
      await this.documents.destroy(manager, entry);
      await this.textIndex.forget(manager, documentId);
      await this.custody.record(manager, actor, origin, {
        documentId,
        action: 'destroyed',
        details: { reason },
      });
      await recordChange(manager, actor, {
        action: 'document.destroyed',
        resourceType: 'document',
        resourceId: documentId,
        details: { matterId: document.matterId, versions: versions.length, reason },
      });
      return { refused: null, entry, storageKeys: versions.map((version) => version.storageKey) };
    });
    if (outcome.refused) {
      const holdIds = outcome.refused;
      await withTenant(this.dataSource, actor.firmId, async (manager) => {
        await this.custody.record(manager, actor, origin, {
          documentId,
          action: 'destruction-refused',
          details: { holdIds: holdIds.join(';'), reason },
        });
        await recordChange(manager, actor, {
          action: 'document.destruction-refused',
          resourceType: 'document',
          resourceId: documentId,
          details: { holdIds: [...holdIds], reason },
        });
      });
      throw new DocumentUnderHoldError(documentId, holdIds);
    }
    for (const storageKey of outcome.storageKeys) await this.vault.discard(storageKey);
    return destructionView(outcome.entry as DocumentDestruction);
  }

  async destructions(actor: Actor, matterId: string): Promise<DestructionView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.requireMatter(manager, matterId);
      return (await this.documents.destructions(manager, matterId)).map(destructionView);
    });
  }

  /**
   * Rotates the firm's key: a new firm key wraps every data key of the firm, the old key is
   * destroyed; no content is re-encrypted. One transaction: all data keys move, or none.
   */
  async rotateFirmKey(actor: Actor): Promise<FirmKeyRotationView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rotation = await this.vault.beginRotation(manager, actor.firmId);
      let rewrapped = 0;
      let afterId: string | undefined;
      for (;;) {
        const batch = await this.documents.versionKeys(manager, afterId, ROTATION_BATCH);
        for (const version of batch) {
          const wrapped = rotation.rewrap(version.id, version.wrappedDataKey, version.firmKeyVersion);
          await this.documents.rewrap(manager, version.id, wrapped, rotation.toVersion);
          rewrapped += 1;
        }
        afterId = batch[batch.length - 1]?.id;
        if (batch.length < ROTATION_BATCH) break;
      }
      await this.vault.finishRotation(manager, rotation);
      await recordChange(manager, actor, {
        action: 'document.firm-key-rotated',
        resourceType: 'document-firm-key',
        resourceId: actor.firmId,
        details: {
          fromVersion: rotation.fromVersion,
          toVersion: rotation.toVersion,
          rewrappedVersions: rewrapped,
        },
      });
      return { firmKeyVersion: rotation.toVersion, rewrappedVersions: rewrapped };
    });
  }

  /**
   * Streams the uploaded file into the vault, then records the version in one transaction with the
   * document change `prepare` makes, its custody link, its event and its audit record. A failed
   * upload or transaction leaves no blob behind.
   */
  private async storeVersion(
    actor: Actor,
    receive: () => Promise<UploadedFile>,
    prepare: (
      manager: EntityManager,
      versionId: string,
      fileName: string,
    ) => Promise<{
      document: DocumentRecord;
      versionNumber: number;
      origin: RequestOrigin;
      action: 'uploaded' | 'version-added';
    }>,
  ): Promise<DocumentView> {
    const file = await receive();
    const versionId = randomUUID();
    const storageKey = `${actor.firmId}/${versionId}`;
    let sealed: SealedContent;
    try {
      sealed = await this.vault.seal(
        storageKey,
        versionId,
        file.content,
        this.config.DOCUMENT_MAX_UPLOAD_BYTES,
      );
      await file.finished;
    } catch (error) {
      file.content.resume();
      await this.vault.discard(storageKey);
      if (error instanceof ContentTooLargeError) throw new FileTooLargeError(error.limitBytes);
      throw error;
    }
    let extraction: Extraction;
    try {
      extraction = await this.textIndex.extract(sealed.mediaType, sealed.sizeBytes, () =>
        this.vault.openSealed(storageKey, versionId, sealed),
      );
    } catch (error) {
      await this.vault.discard(storageKey);
      throw error;
    }
    try {
      return await withTenant(this.dataSource, actor.firmId, async (manager) => {
        const { document, versionNumber, origin, action } = await prepare(manager, versionId, file.fileName);
        const keys = await this.vault.wrapDataKey(manager, actor.firmId, versionId, sealed.dataKey);
        const version: DocumentVersion = {
          firmId: actor.firmId,
          id: versionId,
          documentId: document.id,
          version: versionNumber,
          fileName: file.fileName,
          sizeBytes: String(sealed.sizeBytes),
          mediaType: sealed.mediaType,
          sha256: sealed.sha256,
          uploadedBy: actor.subject,
          uploaderType: actor.actorType,
          uploadedAt: new Date(),
          storageKey,
          contentIv: sealed.contentIv,
          authTag: sealed.authTag,
          ...keys,
        };
        await this.documents.insertVersion(manager, version);
        await this.textIndex.record(manager, actor.firmId, document.id, versionId, extraction);
        await this.custody.record(manager, actor, origin, {
          documentId: document.id,
          versionId,
          action,
          details: {
            version: versionNumber,
            sha256: sealed.sha256,
            sizeBytes: sealed.sizeBytes,
            text: extraction.status === 'extracted' ? 'extracted' : `skipped: ${extraction.reason}`,
          },
        });
        await recordChange(manager, actor, {
          action: action === 'uploaded' ? 'document.uploaded' : 'document.version-added',
          resourceType: 'document',
          resourceId: document.id,
          details: { matterId: document.matterId, version: versionNumber, sha256: sealed.sha256 },
          events: [
            {
              type: DocumentUploadedV1.type,
              aggregateId: document.id,
              data: {
                documentId: document.id,
                matterId: document.matterId,
                versionId,
                version: versionNumber,
                sizeBytes: sealed.sizeBytes,
                mediaType: sealed.mediaType,
                sha256: sealed.sha256,
                uploadedAt: version.uploadedAt.toISOString(),
              },
            },
          ],
        });
        return documentView(document, version);
      });
    } catch (error) {
      await this.vault.discard(storageKey);
      throw error;
    }
  }

  /** In its own transaction, so the record stays although the request fails. */
  private async recordIntegrityFailure(
    actor: Actor,
    origin: RequestOrigin,
    version: DocumentVersion,
    reason: string,
  ): Promise<void> {
    await withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.custody.record(manager, actor, origin, {
        documentId: version.documentId,
        versionId: version.id,
        action: 'integrity-failed',
        details: { version: version.version, reason },
      });
      await recordChange(manager, actor, {
        action: 'document.integrity-failed',
        resourceType: 'document',
        resourceId: version.documentId,
        details: { versionId: version.id, version: version.version, reason },
      });
    });
  }

  private async requireMatter(manager: EntityManager, matterId: string) {
    const matter = await this.matters.find(manager, matterId);
    if (!matter) throw new NotFoundError('matter', matterId);
    return matter;
  }

  private async requireOpenMatter(manager: EntityManager, matterId: string): Promise<void> {
    const matter = await this.requireMatter(manager, matterId);
    if (matter.status === 'closed') throw new MatterClosedError(matterId);
  }

  /** A folder of this matter (another matter's folder is as unknown as a missing one). */
  private async requireFolder(manager: EntityManager, folderId: string, matterId: string): Promise<Folder> {
    const folder = await this.documents.findFolder(manager, folderId);
    if (!folder || folder.matterId !== matterId) throw new NotFoundError('folder', folderId);
    return folder;
  }

  private async requireDocument(
    manager: EntityManager,
    documentId: string,
    lock = false,
  ): Promise<DocumentRecord> {
    const document = await this.documents.find(manager, documentId, lock);
    if (!document) throw new NotFoundError('document', documentId);
    return document;
  }
}

function sealedOf(version: DocumentVersion): SealedVersion {
  return {
    id: version.id,
    storageKey: version.storageKey,
    sizeBytes: Number(version.sizeBytes),
    sha256: version.sha256,
    contentIv: version.contentIv,
    authTag: version.authTag,
    wrappedDataKey: version.wrappedDataKey,
    firmKeyVersion: version.firmKeyVersion,
  };
}

function destructionView(entry: DocumentDestruction): DestructionView {
  return {
    id: entry.id,
    documentId: entry.documentId,
    matterId: entry.matterId,
    title: entry.title,
    versions: entry.versions,
    reason: entry.reason,
    destroyedBy: entry.destroyedBy,
    destroyedAt: entry.destroyedAt.toISOString(),
  };
}

function folderView(folder: Folder): FolderView {
  return {
    id: folder.id,
    matterId: folder.matterId,
    parentId: folder.parentId,
    name: folder.name,
    path: folder.path,
    createdBy: folder.createdBy,
    createdAt: folder.createdAt.toISOString(),
  };
}

function versionView(version: DocumentVersion): VersionView {
  return {
    id: version.id,
    version: version.version,
    fileName: version.fileName,
    sizeBytes: Number(version.sizeBytes),
    mediaType: version.mediaType,
    sha256: version.sha256,
    uploadedBy: version.uploadedBy,
    uploaderType: version.uploaderType,
    uploadedAt: version.uploadedAt.toISOString(),
  };
}

function documentView(document: DocumentRecord, latest: DocumentVersion): DocumentView {
  return {
    id: document.id,
    matterId: document.matterId,
    folderId: document.folderId,
    title: document.title,
    custodian: document.custodian,
    currentVersion: document.currentVersion,
    latest: versionView(latest),
    createdBy: document.createdBy,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

/** An upload's one file, read off the multipart body as it arrives. */
function receiveUpload(upload: UploadStream): () => Promise<UploadedFile> {
  return () => {
    if (!upload.body) throw new FileRequiredError();
    return receiveFile(upload.headers, upload.body);
  };
}
