import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { InvoicesModule } from '../invoices/invoices.module';
import { PaymentsModule } from '../payments/payments.module';
import { InvoiceTrustController, TrustAccountsController, TrustEntriesController } from './trust.controller';
import { TrustRepository } from './trust.repository';
import { TrustService } from './trust.service';

/** Trust (IOLTA) accounts, client matter ledgers, immutable entries, transfers that pay invoices. */
@Module({
  imports: [MatterProjectionModule, InvoicesModule, PaymentsModule],
  controllers: [TrustAccountsController, TrustEntriesController, InvoiceTrustController],
  providers: [TrustRepository, TrustService],
  exports: [TrustService],
})
export class TrustModule {}
