import { Module } from '@nestjs/common';
import { LedesModule } from '../ledes/ledes.module';
import { PaymentsModule } from '../payments/payments.module';
import { TrustModule } from '../trust/trust.module';
import { InvoiceDocumentsController } from './invoice-documents.controller';
import { InvoiceDocumentsService } from './invoice-documents.service';

/** Issued invoices as documents: the PDF sent to the client and the CSV of its lines. */
@Module({
  imports: [LedesModule, PaymentsModule, TrustModule],
  controllers: [InvoiceDocumentsController],
  providers: [InvoiceDocumentsService],
  exports: [InvoiceDocumentsService],
})
export class InvoiceDocumentsModule {}
