import { Module } from '@nestjs/common';
import { WorkOrdersModule } from '../work-orders/work-orders.module';
import { VendorPerformanceController } from './vendor-performance.controller';
import { VendorPerformanceService } from './vendor-performance.service';

/** The vendor performance report (turnaround per vendor and kind of work), read from the work orders. */
@Module({
  imports: [WorkOrdersModule],
  controllers: [VendorPerformanceController],
  providers: [VendorPerformanceService],
  exports: [VendorPerformanceService],
})
export class VendorPerformanceModule {}
