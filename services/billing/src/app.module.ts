import { Module, type DynamicModule } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import type { Logger } from '@lawfirm/observability';
import { PlatformModule } from '@lawfirm/platform';
import type { BillingConfig } from './config';
import { ENTITIES } from './database';
import { ClientsModule } from './clients/clients.module';
import { CollectionsModule } from './collections/collections.module';
import { InvoiceDocumentsModule } from './invoice-documents/invoice-documents.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LedesModule } from './ledes/ledes.module';
import { PaymentsModule } from './payments/payments.module';
import { ReceivablesModule } from './receivables/receivables.module';
import { RatesModule } from './rates/rates.module';
import { ReportsModule } from './reports/reports.module';
import { TaxesModule } from './taxes/taxes.module';
import { TrustModule } from './trust/trust.module';
import { WipModule } from './wip/wip.module';

/** The platform plus one module per feature; a new feature is registered here and nowhere else. */
@Module({})
export class AppModule {
  static register(config: BillingConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: 'billing', config, logger, entities: ENTITIES }),
        MatterProjectionModule,
        WipModule,
        ClientsModule,
        RatesModule,
        TaxesModule,
        InvoicesModule,
        LedesModule,
        InvoiceDocumentsModule,
        PaymentsModule,
        ReceivablesModule,
        CollectionsModule,
        TrustModule,
        ReportsModule,
      ],
    };
  }
}
