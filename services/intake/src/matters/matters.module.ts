import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { PartiesModule } from '../parties/parties.module';
import { ConflictSignOffController } from './conflict-sign-off.controller';
import { MatterController } from './matter.controller';
import { MatterRepository } from './matter.repository';
import { MatterService } from './matter.service';

@Module({
  imports: [ClientsModule, PartiesModule, ConflictsModule],
  controllers: [MatterController, ConflictSignOffController],
  providers: [MatterRepository, MatterService],
  exports: [MatterService],
})
export class MattersModule {}
