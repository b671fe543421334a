import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { CustodyModule } from '../custody/custody.module';
import { DocumentsModule } from '../documents/documents.module';
import { ProductionsController } from './productions.controller';
import { ProductionsRepository } from './productions.repository';
import { ProductionsService } from './productions.service';

/** Bates numbering per matter and productions; exports only ProductionsService. */
@Module({
  imports: [DocumentsModule, CustodyModule, MatterProjectionModule],
  controllers: [ProductionsController],
  providers: [ProductionsRepository, ProductionsService],
  exports: [ProductionsService],
})
export class ProductionsModule {}
