import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { PartiesModule } from '../parties/parties.module';
import { ClientDetailsRepository } from './client-details.repository';
import { ClientController } from './client.controller';
import { ClientRepository } from './client.repository';
import { ClientService } from './client.service';

@Module({
  imports: [PartiesModule, ConflictsModule],
  controllers: [ClientController],
  providers: [ClientRepository, ClientDetailsRepository, ClientService],
  exports: [ClientService],
})
export class ClientsModule {}
