import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { WipConsumer } from './wip.consumer';
import { WipController } from './wip.controller';
import { WipRepository } from './wip.repository';
import { WipService } from './wip.service';

/** Work in progress: approved time arrives from timekeeping's events and waits to be billed. */
@Module({
  imports: [MatterProjectionModule],
  controllers: [WipController, WipConsumer],
  providers: [WipRepository, WipService],
  exports: [WipService],
})
export class WipModule {}
