import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { ClientController } from './clients/client.controller';
import { ClientRepository } from './clients/client.repository';
import { ClientService } from './clients/client.service';
import type { IntakeConfig } from './config';
import { ENTITIES } from './database';
import { MatterController } from './matters/matter.controller';
import { MatterRepository } from './matters/matter.repository';
import { MatterService } from './matters/matter.service';

@Module({})
export class AppModule {
  static register(config: IntakeConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'intake', config, logger, entities: ENTITIES })],
      controllers: [ClientController, MatterController],
      providers: [ClientRepository, ClientService, MatterRepository, MatterService],
    };
  }
}
