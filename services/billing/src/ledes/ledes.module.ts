import { Module } from '@nestjs/common';
import { ManifestBodyLimits } from './ledes-body-limit';
import { LedesController } from './ledes.controller';
import { LedesService } from './ledes.service';

/** LEDES e-billing files: validation of any 1998B/1998BI file (and, with invoices, export). */
@Module({
  controllers: [LedesController],
  providers: [LedesService, ManifestBodyLimits],
  exports: [LedesService],
})
export class LedesModule {}
