import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { CustodyModule } from '../custody/custody.module';
import { DocumentsModule } from '../documents/documents.module';
import { ProductionsModule } from '../productions/productions.module';
import { ReviewsController } from './reviews.controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

/** Review coding, bulk coding and the privilege log; exports only ReviewsService. */
@Module({
  imports: [DocumentsModule, CustodyModule, MatterProjectionModule, ProductionsModule],
  controllers: [ReviewsController],
  providers: [ReviewsRepository, ReviewsService],
  exports: [ReviewsService],
})
export class ReviewsModule {}
