import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { InvoicesModule } from '../invoices/invoices.module';
import {
  ClientCreditsController,
  InvoiceAccountsController,
  InvoiceCreditsController,
  PaymentsController,
} from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/**
 * Payments, client credit (applied or refunded), reversals of bounced payments, invoices' paid and open
 * amounts, and credit notes (which may not exceed what is open).
 */
@Module({
  imports: [InvoicesModule, ClientsModule],
  controllers: [
    PaymentsController,
    ClientCreditsController,
    InvoiceAccountsController,
    InvoiceCreditsController,
  ],
  providers: [PaymentsRepository, PaymentsService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
