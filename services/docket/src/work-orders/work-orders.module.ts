import {
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import type { DocketConfig } from '../config';
import { ConsentsModule } from '../consents/consents.module';
import { ConsentConsumer } from './consent.consumer';
import { VendorWorkOrderController } from './vendor-work-order.controller';
import { VendorWorkOrderService } from './vendor-work-order.service';
import { WorkOrderController } from './work-order.controller';
import { WorkOrderClock } from './work-order-clock';
import { WorkOrderRepository } from './work-order.repository';
import { WorkOrderService, WorkOrderSlaSweeper } from './work-order.service';

@Injectable()
class WorkOrderSlaSweepLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly sweeper: WorkOrderSlaSweeper,
    @Inject(SERVICE_CONFIG) private readonly config: DocketConfig,
  ) {}
  onApplicationBootstrap(): void {
    this.sweeper.start(this.config.WORK_ORDER_SLA_SWEEP_INTERVAL_MS);
  }
  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }
}

/** Vendor work orders with their QC cycle and SLA, under the clients' outsourcing consents. */
@Module({
  imports: [MatterProjectionModule, ConsentsModule],
  controllers: [WorkOrderController, VendorWorkOrderController, ConsentConsumer],
  providers: [
    WorkOrderClock,
    WorkOrderRepository,
    VendorWorkOrderService,
    WorkOrderService,
    WorkOrderSlaSweeper,
    WorkOrderSlaSweepLifecycle,
  ],
  exports: [WorkOrderService],
})
export class WorkOrdersModule {}
