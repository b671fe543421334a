import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { CustodyModule } from '../custody/custody.module';
import { HoldsModule } from '../holds/holds.module';
import { TextIndexModule } from '../text-index/text-index.module';
import { VaultModule } from '../vault/vault.module';
import { DocumentsController, FirmKeysController, MatterDocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { acceptStreamedMultipart } from './upload-body';

/** Folders, documents and their versions (upload, download, key rotation); exports only DocumentsService. */
@Module({
  imports: [MatterProjectionModule, CustodyModule, VaultModule, HoldsModule, TextIndexModule],
  controllers: [MatterDocumentsController, DocumentsController, FirmKeysController],
  providers: [DocumentsRepository, DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // No HTTP adapter when the module is only previewed (building the OpenAPI document).
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (fastify?.addContentTypeParser) acceptStreamedMultipart(fastify);
  }
}
