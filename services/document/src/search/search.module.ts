import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { CustodyModule } from '../custody/custody.module';
import { ReviewsModule } from '../review/reviews.module';
import { TextIndexModule } from '../text-index/text-index.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** Full-text search over documents and bulk tagging of a search's matches; exports only SearchService. */
@Module({
  imports: [TextIndexModule, ReviewsModule, CustodyModule, MatterProjectionModule],
  controllers: [SearchController],
  providers: [SearchService],
  exports: [SearchService],
})
export class SearchModule {}
