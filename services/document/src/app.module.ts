import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { DocumentConfig } from './config';
import { CustodyModule } from './custody/custody.module';
import { ENTITIES } from './database';
import { DocumentsModule } from './documents/documents.module';
import { HoldsModule } from './holds/holds.module';
import { ProductionsModule } from './productions/productions.module';
import { ReviewsModule } from './review/reviews.module';
import { SearchModule } from './search/search.module';
import { TemplatesModule } from './templates/templates.module';

/** The platform plus one module per feature; a new feature is registered here and nowhere else. */
@Module({})
export class AppModule {
  static register(config: DocumentConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: 'document', config, logger, entities: ENTITIES }),
        MatterProjectionModule,
        CustodyModule,
        HoldsModule,
        DocumentsModule,
        ReviewsModule,
        ProductionsModule,
        SearchModule,
        TemplatesModule,
      ],
    };
  }
}
