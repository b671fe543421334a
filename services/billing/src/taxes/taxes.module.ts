import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { ClientsModule } from '../clients/clients.module';
import { TaxesController } from './taxes.controller';
import { TaxesRepository } from './taxes.repository';
import { TaxesService } from './taxes.service';

/** Tax rates per firm, client and matter tax settings, and the per-line tax of an invoice being issued. */
@Module({
  imports: [MatterProjectionModule, ClientsModule],
  controllers: [TaxesController],
  providers: [TaxesRepository, TaxesService],
  exports: [TaxesService],
})
export class TaxesModule {}
