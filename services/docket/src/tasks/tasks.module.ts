import { Module } from '@nestjs/common';
import { MatterProjectionModule } from '@lawfirm/matter-projection';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { TaskController } from './task.controller';
import { TaskRepository } from './task.repository';
import { TaskService } from './task.service';

/** Tasks on matters, optionally due with a deadline. */
@Module({
  imports: [MatterProjectionModule, DeadlinesModule],
  controllers: [TaskController],
  providers: [TaskRepository, TaskService],
  exports: [TaskService],
})
export class TasksModule {}
