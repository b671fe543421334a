import { Module } from '@nestjs/common';
import { ConflictIndexRepository } from './conflict-index.repository';
import { ConflictController } from './conflict.controller';
import { ConflictRepository } from './conflict.repository';
import { ConflictService } from './conflict.service';

@Module({
  controllers: [ConflictController],
  providers: [ConflictIndexRepository, ConflictRepository, ConflictService],
  exports: [ConflictService],
})
export class ConflictsModule {}
