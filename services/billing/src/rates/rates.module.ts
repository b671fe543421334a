import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { RatesController } from './rates.controller';
import { RatesRepository } from './rates.repository';
import { RatesService } from './rates.service';

/** Rate rules with effective dates and the one precedence that resolves them (rates.rules.ts). */
@Module({
  imports: [MatterProjectionModule],
  controllers: [RatesController],
  providers: [RatesRepository, RatesService],
  exports: [RatesService],
})
export class RatesModule {}
