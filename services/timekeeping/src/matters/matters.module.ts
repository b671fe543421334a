import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { MatterService } from './matter.service';

/** Intake's matters as timekeeping sees them (the projection) and the open-matter rule. */
@Module({
  imports: [MatterProjectionModule],
  providers: [MatterService],
  exports: [MatterService],
})
export class MattersModule {}
