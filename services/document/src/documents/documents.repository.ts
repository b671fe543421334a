import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { DocumentDestruction } from './document-destruction.entity';
import { DocumentVersion } from './document-version.entity';
import { DocumentRecord } from './document.entity';
import { Folder } from './folder.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class DocumentsRepository {
  findFolder(manager: EntityManager, id: string): Promise<Folder | null> {
    return manager.getRepository(Folder).findOne({ where: { id } });
  }

  /** Inserts the folder; false when the matter already has a folder at its path (the unique index decides). */
  async insertFolder(manager: EntityManager, folder: Folder): Promise<boolean> {
    try {
      await manager.insert(Folder, folder);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  }

  folders(manager: EntityManager, matterId: string): Promise<Folder[]> {
    return manager.getRepository(Folder).find({ where: { matterId }, order: { path: 'ASC' } });
  }

  find(manager: EntityManager, id: string, lock = false): Promise<DocumentRecord | null> {
    const query = manager
      .getRepository(DocumentRecord)
      .createQueryBuilder('document')
      .where('document.id = :id', { id })
      .andWhere('document.destroyed_at IS NULL');
    if (lock) query.setLock('pessimistic_write');
    return query.getOne();
  }

  findMany(manager: EntityManager, ids: readonly string[]): Promise<DocumentRecord[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(DocumentRecord).find({ where: { id: In([...ids]), destroyedAt: IsNull() } });
  }

  async insertDocument(manager: EntityManager, document: DocumentRecord): Promise<void> {
    await manager.insert(DocumentRecord, document);
  }

  async setCurrentVersion(manager: EntityManager, id: string, version: number, at: Date): Promise<void> {
    await manager.getRepository(DocumentRecord).update({ id }, { currentVersion: version, updatedAt: at });
  }

  async insertVersion(manager: EntityManager, version: DocumentVersion): Promise<void> {
    await manager.insert(DocumentVersion, version);
  }

  versionsByIds(manager: EntityManager, ids: readonly string[]): Promise<DocumentVersion[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(DocumentVersion).find({ where: { id: In([...ids]) } });
  }

  version(manager: EntityManager, documentId: string, version: number): Promise<DocumentVersion | null> {
    return manager.getRepository(DocumentVersion).findOne({ where: { documentId, version } });
  }

  versions(manager: EntityManager, documentId: string): Promise<DocumentVersion[]> {
    return manager.getRepository(DocumentVersion).find({ where: { documentId }, order: { version: 'ASC' } });
  }

  /** The current versions of several documents (for a page of the list), in one query. */
  currentVersions(manager: EntityManager, documents: DocumentRecord[]): Promise<DocumentVersion[]> {
    if (documents.length === 0) return Promise.resolve([]);
    const query = manager.getRepository(DocumentVersion).createQueryBuilder('version');
    documents.forEach((document, index) =>
      query.orWhere(`(version.document_id = :document${index} AND version.version = :version${index})`, {
        [`document${index}`]: document.id,
        [`version${index}`]: document.currentVersion,
      }),
    );
    return query.getMany();
  }

  /** A matter's documents, newest first. */
  list(
    manager: EntityManager,
    matterId: string,
    folderId: string | undefined,
    limit: number,
    after?: CursorPosition,
  ): Promise<DocumentRecord[]> {
    const query = manager
      .getRepository(DocumentRecord)
      .createQueryBuilder('document')
      .where('document.matter_id = :matterId', { matterId })
      .andWhere('document.destroyed_at IS NULL')
      .orderBy('document.created_at', 'DESC')
      .addOrderBy('document.id', 'DESC')
      .limit(limit + 1);
    if (folderId) query.andWhere('document.folder_id = :folderId', { folderId });
    if (after)
      query.andWhere(
        "(date_trunc('milliseconds', document.created_at), document.id) < (:sortKey::timestamptz, :id::uuid)",
        after,
      );
    return query.getMany();
  }

  /** Every version's key columns, a batch at a time in id order (a firm-key rotation). */
  versionKeys(
    manager: EntityManager,
    afterId: string | undefined,
    batch: number,
  ): Promise<DocumentVersion[]> {
    const query = manager
      .getRepository(DocumentVersion)
      .createQueryBuilder('version')
      .select(['version.firmId', 'version.id', 'version.wrappedDataKey', 'version.firmKeyVersion'])
      .orderBy('version.id', 'ASC')
      .limit(batch);
    if (afterId) query.where('version.id > :afterId', { afterId });
    return query.getMany();
  }

  async rewrap(
    manager: EntityManager,
    id: string,
    wrappedDataKey: Buffer,
    firmKeyVersion: number,
  ): Promise<void> {
    await manager.getRepository(DocumentVersion).update({ id }, { wrappedDataKey, firmKeyVersion });
  }

  /** Marks the document destroyed and writes its register entry. */
  async destroy(manager: EntityManager, entry: DocumentDestruction): Promise<void> {
    await manager
      .getRepository(DocumentRecord)
      .update({ id: entry.documentId }, { destroyedAt: entry.destroyedAt });
    await manager.insert(DocumentDestruction, entry);
  }

  destructions(manager: EntityManager, matterId: string): Promise<DocumentDestruction[]> {
    return manager
      .getRepository(DocumentDestruction)
      .find({ where: { matterId }, order: { destroyedAt: 'ASC' } });
  }
}
