import { Module } from '@nestjs/common';
import { MatterProjectionConsumer } from './matter-projection.consumer';
import { MatterProjectionService } from './matter-projection.service';

/**
 * The feature module of a service's matter projection: its consumer keeps the projection,
 * other features read it through MatterProjectionService only.
 */
@Module({
  controllers: [MatterProjectionConsumer],
  providers: [MatterProjectionService],
  exports: [MatterProjectionService],
})
export class MatterProjectionModule {}
