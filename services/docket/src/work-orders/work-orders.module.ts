import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { ConsentsModule } from '../consents/consents.module';
import { ConsentConsumer } from './consent.consumer';
import { WorkOrderController } from './work-order.controller';
import { WorkOrderClock } from './work-order-clock';
import { WorkOrderRepository } from './work-order.repository';
import { WorkOrderService } from './work-order.service';

/** Vendor work orders with their QC cycle and SLA, under the clients' outsourcing consents. */
@Module({
  imports: [MatterProjectionModule, ConsentsModule],
  controllers: [WorkOrderController, ConsentConsumer],
  providers: [WorkOrderClock, WorkOrderRepository, WorkOrderService],
  exports: [WorkOrderService],
})
export class WorkOrdersModule {}
