import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { PaymentsModule } from '../payments/payments.module';
import { ReceivablesController } from './receivables.controller';
import { ReceivablesService } from './receivables.service';

/** Receivables aging per firm, client and matter, as JSON and CSV. */
@Module({
  imports: [InvoicesModule, PaymentsModule],
  controllers: [ReceivablesController],
  providers: [ReceivablesService],
  exports: [ReceivablesService],
})
export class ReceivablesModule {}
