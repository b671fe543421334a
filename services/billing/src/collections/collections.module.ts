import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import { ClientsModule } from '../clients/clients.module';
import type { BillingConfig } from '../config';
import { PaymentsModule } from '../payments/payments.module';
import { CollectionStatusController, PaymentPlanController } from './collections.controller';
import { InvoiceLateChargesController, LateChargesController } from './late-charges.controller';
import { LateChargesRepository } from './late-charges.repository';
import { LateChargesService } from './late-charges.service';
import { PaymentPlansRepository } from './payment-plans.repository';
import { PaymentPlansService } from './payment-plans.service';
import { CollectionsRepository } from './collections.repository';
import { CollectionsService } from './collections.service';
import { ReminderRepository } from './reminder.repository';
import { InvoiceRemindersController, RemindersController } from './reminders.controller';
import { RemindersService, ReminderSweeper } from './reminders.service';

@Injectable()
class ReminderSweepLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sweeper: ReminderSweeper,
    @Inject(SERVICE_CONFIG) private readonly config: BillingConfig,
  ) {}
  onApplicationBootstrap(): void {
    this.sweeper.start(this.config.PAYMENT_REMINDER_SWEEP_INTERVAL_MS);
  }
  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }
}

/** Collections status per invoice (promised, disputed, in collections, written off) payment reminders, payment plans and late charges. */
@Module({
  imports: [PaymentsModule, ClientsModule],
  controllers: [
    CollectionStatusController,
    RemindersController,
    InvoiceRemindersController,
    PaymentPlanController,
    LateChargesController,
    InvoiceLateChargesController,
  ],
  providers: [
    CollectionsRepository,
    CollectionsService,
    ReminderRepository,
    RemindersService,
    ReminderSweeper,
    ReminderSweepLifecycle,
    PaymentPlansRepository,
    PaymentPlansService,
    LateChargesRepository,
    LateChargesService,
  ],
  exports: [CollectionsService],
})
export class CollectionsModule {}
