import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { EbillingSetupController } from './ebilling-setup.controller';
import { InvoiceLedesController } from './invoice-ledes.controller';
import { ManifestBodyLimits } from './ledes-body-limit';
import { LedesRepository } from './ledes.repository';
import { LedesController } from './ledes.controller';
import { LedesService } from './ledes.service';

/** LEDES e-billing: clients' e-billing profiles, the firm's letterhead, validation of 1998B/1998BI files, and issued invoices exported as LEDES. */
@Module({
  imports: [InvoicesModule],
  controllers: [LedesController, EbillingSetupController, InvoiceLedesController],
  providers: [LedesService, LedesRepository, ManifestBodyLimits],
  exports: [LedesService],
})
export class LedesModule {}
