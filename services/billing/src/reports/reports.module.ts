import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { PaymentsModule } from '../payments/payments.module';
import { RatesModule } from '../rates/rates.module';
import { WipModule } from '../wip/wip.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Billing reports as JSON and CSV: WIP, unbilled aging, realization and collection rate. */
@Module({
  imports: [WipModule, RatesModule, InvoicesModule, PaymentsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
