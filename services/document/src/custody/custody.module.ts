import { Module } from '@nestjs/common';
import { CustodyController } from './custody.controller';
import { CustodyRepository } from './custody.repository';
import { CustodyService } from './custody.service';

/** Each document's chain of custody: recorded by the features that touch documents, read and exported here. */
@Module({
  controllers: [CustodyController],
  providers: [CustodyRepository, CustodyService],
  exports: [CustodyService],
})
export class CustodyModule {}
