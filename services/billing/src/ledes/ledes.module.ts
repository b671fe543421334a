import { Module } from '@nestjs/common';
import { EbillingSetupController } from './ebilling-setup.controller';
import { ManifestBodyLimits } from './ledes-body-limit';
import { LedesRepository } from './ledes.repository';
import { LedesController } from './ledes.controller';
import { LedesService } from './ledes.service';

/** LEDES e-billing: clients' e-billing profiles, the firm's letterhead, validation of 1998B/1998BI files. */
@Module({
  controllers: [LedesController, EbillingSetupController],
  providers: [LedesService, LedesRepository, ManifestBodyLimits],
  exports: [LedesService],
})
export class LedesModule {}
