import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { InvoicesModule } from '../invoices/invoices.module';
import {
  ClientCreditsController,
  InvoiceAccountsController,
  PaymentsController,
} from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** Payments, client credit (applied or refunded), reversals of bounced payments, invoices' paid and open amounts. */
@Module({
  imports: [InvoicesModule, ClientsModule],
  controllers: [PaymentsController, ClientCreditsController, InvoiceAccountsController],
  providers: [PaymentsRepository, PaymentsService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
