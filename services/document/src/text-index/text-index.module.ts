import { Module } from '@nestjs/common';
import { TextIndexRepository } from './text-index.repository';
import { TextIndexService } from './text-index.service';

/** Text extraction and the full-text index of document versions; exports only TextIndexService. */
@Module({
  providers: [TextIndexRepository, TextIndexService],
  exports: [TextIndexService],
})
export class TextIndexModule {}
