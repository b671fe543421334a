import { Module } from '@nestjs/common';
import { GuidelinesModule } from '../guidelines/guidelines.module';
import { MattersModule } from '../matters/matters.module';
import { TimekeepersModule } from '../timekeepers/timekeepers.module';
import { TimeEntryImportController } from './time-entry-import.controller';
import { TimeEntryImportRepository } from './time-entry-import.repository';
import { TimeEntryImportService } from './time-entry-import.service';

@Module({
  imports: [MattersModule, GuidelinesModule, TimekeepersModule],
  controllers: [TimeEntryImportController],
  providers: [TimeEntryImportRepository, TimeEntryImportService],
  exports: [TimeEntryImportService],
})
export class ImportModule {}
