import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { ClientsModule } from '../clients/clients.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { PaymentsModule } from '../payments/payments.module';
import { InvoiceTrustController, TrustAccountsController, TrustEntriesController } from './trust.controller';
import { TrustReconciliationController } from './reconciliation/reconciliation.controller';
import { ReconciliationRepository } from './reconciliation/reconciliation.repository';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { TrustRepository } from './trust.repository';
import { TrustService } from './trust.service';

/** Trust (IOLTA) accounts, client matter ledgers, immutable entries, transfers that pay invoices. */
@Module({
  imports: [MatterProjectionModule, ClientsModule, InvoicesModule, PaymentsModule],
  controllers: [
    TrustAccountsController,
    TrustEntriesController,
    InvoiceTrustController,
    TrustReconciliationController,
  ],
  providers: [TrustRepository, TrustService, ReconciliationRepository, ReconciliationService],
  exports: [TrustService],
})
export class TrustModule {}
