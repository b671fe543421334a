import { Module } from '@nestjs/common';
import { MattersModule } from '../matters/matters.module';
import { ExpenseInvoiceConsumer } from './expense-invoice.consumer';
import { ExpenseController } from './expense.controller';
import { ExpenseRepository } from './expense.repository';
import { ExpenseService } from './expense.service';

@Module({
  imports: [MattersModule],
  controllers: [ExpenseController, ExpenseInvoiceConsumer],
  providers: [ExpenseRepository, ExpenseService],
  exports: [ExpenseService],
})
export class ExpensesModule {}
