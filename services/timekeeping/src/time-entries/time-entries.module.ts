import { Module } from '@nestjs/common';
import { GuidelinesModule } from '../guidelines/guidelines.module';
import { MattersModule } from '../matters/matters.module';
import { TimekeepersModule } from '../timekeepers/timekeepers.module';
import { EntryCheckController } from './entry-check.controller';
import { EntryCheckService } from './entry-check.service';
import { InvoiceConsumer } from './invoice.consumer';
import { TimeEntryController } from './time-entry.controller';
import { TimeEntryRepository } from './time-entry.repository';
import { TimeEntryService } from './time-entry.service';

@Module({
  imports: [MattersModule, GuidelinesModule, TimekeepersModule],
  // Listed in any order: Fastify's router matches a static segment (`validate`) before `:id`.
  controllers: [TimeEntryController, EntryCheckController, InvoiceConsumer],
  providers: [TimeEntryRepository, TimeEntryService, EntryCheckService],
  exports: [TimeEntryService],
})
export class TimeEntriesModule {}
