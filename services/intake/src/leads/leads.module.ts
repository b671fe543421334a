import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { MattersModule } from '../matters/matters.module';
import { LeadPipelineRepository } from './lead-pipeline.repository';
import { LeadPipelineService } from './lead-pipeline.service';
import { LeadRoutingController } from './lead-routing.controller';
import { LeadStageController } from './lead-stage.controller';
import { LeadController } from './lead.controller';
import { LeadRepository } from './lead.repository';
import { LeadService } from './lead.service';

@Module({
  imports: [ClientsModule, MattersModule, ConflictsModule],
  controllers: [LeadController, LeadStageController, LeadRoutingController],
  providers: [LeadRepository, LeadPipelineRepository, LeadPipelineService, LeadService],
  exports: [LeadService],
})
export class LeadsModule {}
