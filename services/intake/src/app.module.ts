import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { ClientsModule } from './clients/clients.module';
import type { IntakeConfig } from './config';
import { ConflictsModule } from './conflicts/conflicts.module';
import { ConsentsModule } from './consents/consents.module';
import { ENTITIES } from './database';
import { LeadsModule } from './leads/leads.module';
import { MattersModule } from './matters/matters.module';
import { PartiesModule } from './parties/parties.module';

/** The one place a feature is registered: add its module to `imports`. */
@Module({})
export class AppModule {
  static register(config: IntakeConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: 'intake', config, logger, entities: ENTITIES }),
        PartiesModule,
        ConflictsModule,
        ClientsModule,
        MattersModule,
        ConsentsModule,
        LeadsModule,
      ],
    };
  }
}
