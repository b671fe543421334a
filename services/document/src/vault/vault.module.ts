import { Module } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import type { DocumentConfig } from '../config';
import { BLOB_STORE } from './blob-store';
import { FirmKeysRepository } from './firm-keys.repository';
import { LocalDiskBlobStore } from './local-disk.blob-store';
import { loadMasterKey } from './master-key';
import { MASTER_KEY, VaultService } from './vault.service';

/** Encrypted blob storage and the firm keys: exports only VaultService. */
@Module({
  providers: [
    {
      provide: BLOB_STORE,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DocumentConfig) => new LocalDiskBlobStore(resolve(config.DOCUMENT_STORAGE_DIR)),
    },
    {
      provide: MASTER_KEY,
      inject: [SERVICE_CONFIG],
      useFactory: (config: DocumentConfig) =>
        loadMasterKey(config.DOCUMENT_MASTER_KEY, join(resolve(config.DOCUMENT_STORAGE_DIR))),
    },
    FirmKeysRepository,
    VaultService,
  ],
  exports: [VaultService],
})
export class VaultModule {}
