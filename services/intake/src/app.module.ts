import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import { ClientDetailsRepository } from './clients/client-details.repository';
import { ClientController } from './clients/client.controller';
import { ClientRepository } from './clients/client.repository';
import { ClientService } from './clients/client.service';
import type { IntakeConfig } from './config';
import { ConflictIndexRepository } from './conflicts/conflict-index.repository';
import { ConflictController } from './conflicts/conflict.controller';
import { ConflictRepository } from './conflicts/conflict.repository';
import { ConflictService } from './conflicts/conflict.service';
import { ConsentController } from './consents/consent.controller';
import { ConsentRepository } from './consents/consent.repository';
import { ConsentService } from './consents/consent.service';
import { ENTITIES } from './database';
import { LeadPipelineRepository } from './leads/lead-pipeline.repository';
import { LeadPipelineService } from './leads/lead-pipeline.service';
import { LeadRoutingController } from './leads/lead-routing.controller';
import { LeadStageController } from './leads/lead-stage.controller';
import { LeadController } from './leads/lead.controller';
import { LeadRepository } from './leads/lead.repository';
import { LeadService } from './leads/lead.service';
import { MatterController } from './matters/matter.controller';
import { MatterRepository } from './matters/matter.repository';
import { MatterService } from './matters/matter.service';
import { PartyRepository } from './parties/party.repository';

@Module({})
export class AppModule {
  static register(config: IntakeConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ service: 'intake', config, logger, entities: ENTITIES })],
      controllers: [
        ClientController,
        ConsentController,
        MatterController,
        ConflictController,
        LeadController,
        LeadStageController,
        LeadRoutingController,
      ],
      providers: [
        ClientRepository,
        ClientDetailsRepository,
        ClientService,
        ConsentRepository,
        ConsentService,
        MatterRepository,
        MatterService,
        PartyRepository,
        ConflictIndexRepository,
        ConflictRepository,
        ConflictService,
        LeadRepository,
        LeadPipelineRepository,
        LeadPipelineService,
        LeadService,
      ],
    };
  }
}
