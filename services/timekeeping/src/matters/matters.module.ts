import { Module } from '@nestjs/common';
import { MatterProjectionConsumer } from '@lawfirm/matter-projection';
import { MatterService } from './matter.service';

/** Intake's matters as timekeeping sees them: the projection's consumer and the open-matter rule. */
@Module({
  controllers: [MatterProjectionConsumer],
  providers: [MatterService],
  exports: [MatterService],
})
export class MattersModule {}
