import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { DocumentsModule } from '../documents/documents.module';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Documents generated from firm templates; exports only TemplatesService. */
@Module({
  imports: [DocumentsModule, MatterProjectionModule],
  controllers: [TemplatesController],
  providers: [TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {}
