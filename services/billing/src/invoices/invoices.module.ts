import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { RatesModule } from '../rates/rates.module';
import { TaxesModule } from '../taxes/taxes.module';
import { WipModule } from '../wip/wip.module';
import {
  BillingTermsController,
  CreditNotesController,
  FirmBillingTermsController,
  InvoicesController,
  NumberingController,
} from './invoices.controller';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesService } from './invoices.service';
import { PreBillsController } from './pre-bills.controller';

/** Pre-bills, issued invoices (gap-free numbers, immutable), credit notes, matters' and the firm's billing terms. */
@Module({
  imports: [WipModule, RatesModule, ClientsModule, TaxesModule],
  controllers: [
    PreBillsController,
    InvoicesController,
    CreditNotesController,
    BillingTermsController,
    FirmBillingTermsController,
    NumberingController,
  ],
  providers: [InvoicesRepository, InvoicesService],
  exports: [InvoicesService],
})
export class InvoicesModule {}
