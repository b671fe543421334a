import { Inject, Injectable } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { BLOB_STORE, type BlobStore } from './blob-store';
import {
  ContentMeter,
  contentCipher,
  contentDecipher,
  ContentVerifier,
  IntegrityError,
  newIv,
  newKey,
  unwrapKey,
  wrapKey,
} from './envelope-crypto';
import { FirmKeysRepository } from './firm-keys.repository';
import { sniffMediaType, SNIFF_BYTES } from './media-type';

export const MASTER_KEY = Symbol('MASTER_KEY');

export { ContentTooLargeError, IntegrityError } from './envelope-crypto';

/** What sealing a file produced: its facts and how to open it (the data key is wrapped later, in the change's transaction). */
export interface SealedContent {
  sizeBytes: number;
  sha256: string;
  mediaType: string;
  contentIv: Buffer;
  authTag: Buffer;
  dataKey: Buffer;
}

/** What the vault needs of a stored version to open it. */
export interface SealedVersion {
  id: string;
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  contentIv: Buffer;
  authTag: Buffer;
  wrappedDataKey: Buffer;
  firmKeyVersion: number;
}

/** A rotation under way: re-wraps data keys from the old firm key to the new one. */
export interface FirmKeyRotation {
  fromVersion: number | null;
  toVersion: number;
  rewrap(versionId: string, wrappedDataKey: Buffer, firmKeyVersion: number): Buffer;
}

/**
 * Encrypted storage of document content: sealing streams plaintext through a meter (SHA-256, size,
 * limit, sniffing head) and an AES-256-GCM cipher into the blob store; opening checks the GCM tag,
 * the SHA-256 and the size before a byte is served. Keys: a data key per version, wrapped by the
 * firm's current key, itself wrapped by the master key.
 */
@Injectable()
export class VaultService {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(MASTER_KEY) private readonly masterKey: Buffer,
    private readonly firmKeys: FirmKeysRepository,
  ) {}

  /** Streams `content` encrypted into the store under `storageKey`; nothing is held but the sniffing head. */
  async seal(
    storageKey: string,
    versionId: string,
    content: Readable,
    limitBytes: number,
  ): Promise<SealedContent> {
    const dataKey = newKey();
    const contentIv = newIv();
    const meter = new ContentMeter(limitBytes, SNIFF_BYTES);
    const cipher = contentCipher(dataKey, contentIv, versionId);
    const ciphertext = new PassThrough();
    const stored = this.blobs.put(storageKey, ciphertext);
    try {
      await Promise.all([pipeline(content, meter, cipher, ciphertext), stored]);
    } catch (error) {
      // A failed pipeline has destroyed the store's source, so `put` removes what it wrote.
      await stored.catch(() => undefined);
      await this.blobs.delete(storageKey);
      throw error;
    }
    return {
      sizeBytes: meter.sizeBytes,
      sha256: meter.digest(),
      mediaType: await sniffMediaType(meter.head),
      contentIv,
      authTag: cipher.getAuthTag(),
      dataKey,
    };
  }

  /** Removes a sealed blob whose version was never recorded (its transaction failed). */
  async discard(storageKey: string): Promise<void> {
    await this.blobs.delete(storageKey);
  }

  /** Wraps a new version's data key under the firm's current key (created on the firm's first file). */
  async wrapDataKey(
    manager: EntityManager,
    firmId: string,
    versionId: string,
    dataKey: Buffer,
  ): Promise<{ wrappedDataKey: Buffer; firmKeyVersion: number }> {
    await this.firmKeys.lockForWrap(manager, firmId);
    const firmKey = await this.currentFirmKey(manager, firmId);
    return {
      wrappedDataKey: wrapKey(firmKey.key, dataKey, dataKeyBinding(firmId, versionId)),
      firmKeyVersion: firmKey.version,
    };
  }

  /** The version's data key, opened with the firm's key (inside the reader's transaction). */
  async dataKeyOf(manager: EntityManager, firmId: string, version: SealedVersion): Promise<Buffer> {
    const firmKey = await this.currentFirmKey(manager, firmId);
    if (firmKey.version !== version.firmKeyVersion) throw new IntegrityError('auth-tag');
    try {
      return unwrapKey(firmKey.key, version.wrappedDataKey, dataKeyBinding(firmId, version.id));
    } catch {
      throw new IntegrityError('auth-tag');
    }
  }

  /**
   * Reads the whole blob once, decrypting and hashing without keeping it: IntegrityError unless the
   * GCM tag, the SHA-256 and the size all hold. Call before serving a byte.
   */
  async verify(version: SealedVersion, dataKey: Buffer): Promise<void> {
    const sink = new PassThrough();
    sink.resume();
    await pipeline(
      await this.openBlob(version),
      this.decipherOf(version, dataKey),
      this.verifierOf(version),
      sink,
    ).catch((error: unknown) => {
      throw error instanceof IntegrityError ? error : new IntegrityError(tagOrMissing(error));
    });
  }

  /**
   * The plaintext as a stream, checked again as it flows: should the blob change between `verify`
   * and this read, the stream fails at the end instead of completing (the client sees an aborted
   * transfer, never a complete wrong file).
   */
  async open(version: SealedVersion, dataKey: Buffer): Promise<Readable> {
    const out = new PassThrough();
    pipeline(
      await this.openBlob(version),
      this.decipherOf(version, dataKey),
      this.verifierOf(version),
      out,
    ).catch(() => undefined);
    return out;
  }

  /**
   * The plaintext of content just sealed (before its version is recorded), checked as it flows like
   * `open`: for reading it back once, e.g. to extract its text.
   */
  openSealed(storageKey: string, versionId: string, sealed: SealedContent): Promise<Readable> {
    return this.open(
      {
        id: versionId,
        storageKey,
        sizeBytes: sealed.sizeBytes,
        sha256: sealed.sha256,
        contentIv: sealed.contentIv,
        authTag: sealed.authTag,
        // Not read when opening: the data key is passed in the clear.
        wrappedDataKey: Buffer.alloc(0),
        firmKeyVersion: 0,
      },
      sealed.dataKey,
    );
  }

  /**
   * Starts a firm-key rotation inside the caller's transaction: a new firm key, and a function that
   * re-wraps one data key from the old key to it. `finishRotation` destroys the old key. Content is
   * never re-encrypted.
   */
  async beginRotation(manager: EntityManager, firmId: string): Promise<FirmKeyRotation> {
    await this.firmKeys.lockForRotation(manager, firmId);
    const old = await this.currentFirmKey(manager, firmId);
    const toVersion = old.version + 1;
    const fresh = newKey();
    await this.firmKeys.insertIfAbsent(manager, {
      firmId,
      version: toVersion,
      wrappedKey: wrapKey(this.masterKey, fresh, firmKeyBinding(firmId, toVersion)),
      createdAt: new Date(),
      retiredAt: null,
    });
    return {
      fromVersion: old.version,
      toVersion,
      rewrap: (versionId, wrappedDataKey, firmKeyVersion) => {
        if (firmKeyVersion !== old.version) throw new IntegrityError('auth-tag');
        const binding = dataKeyBinding(firmId, versionId);
        return wrapKey(fresh, unwrapKey(old.key, wrappedDataKey, binding), binding);
      },
    };
  }

  async finishRotation(manager: EntityManager, rotation: FirmKeyRotation): Promise<void> {
    if (rotation.fromVersion !== null) await this.firmKeys.retire(manager, rotation.fromVersion, new Date());
  }

  private async currentFirmKey(
    manager: EntityManager,
    firmId: string,
  ): Promise<{ version: number; key: Buffer }> {
    let current = await this.firmKeys.current(manager);
    if (!current) {
      await this.firmKeys.insertIfAbsent(manager, {
        firmId,
        version: 1,
        wrappedKey: wrapKey(this.masterKey, newKey(), firmKeyBinding(firmId, 1)),
        createdAt: new Date(),
        retiredAt: null,
      });
      current = await this.firmKeys.current(manager);
    }
    if (!current?.wrappedKey) throw new Error(`firm ${firmId} has no usable key`);
    return {
      version: current.version,
      key: unwrapKey(this.masterKey, current.wrappedKey, firmKeyBinding(firmId, current.version)),
    };
  }

  private async openBlob(version: SealedVersion): Promise<Readable> {
    try {
      return await this.blobs.get(version.storageKey);
    } catch {
      throw new IntegrityError('missing');
    }
  }

  private decipherOf(version: SealedVersion, dataKey: Buffer) {
    return contentDecipher(dataKey, version.contentIv, version.authTag, version.id);
  }

  private verifierOf(version: SealedVersion): ContentVerifier {
    return new ContentVerifier(version.sha256, version.sizeBytes);
  }
}

const dataKeyBinding = (firmId: string, versionId: string): string => `data-key|${firmId}|${versionId}`;
const firmKeyBinding = (firmId: string, version: number): string => `firm-key|${firmId}|${version}`;

function tagOrMissing(error: unknown): 'auth-tag' | 'missing' {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'missing' : 'auth-tag';
}
