import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { TaskChangedV1, TaskCreatedV1, uuidv7, type TaskSnapshotV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { DeadlineService } from '../deadlines/deadline.service';
import type { CreateTaskDto, TaskView, UpdateTaskDto } from './dto/task.dto';
import type { Task } from './task.entity';
import { DeadlineOfAnotherMatterError, TaskStatusNotAllowedError } from './task.exception';
import { TaskRepository } from './task.repository';
import { daysBefore, mayMove } from './task.rules';

/** Tasks on matters; a task tied to a deadline is due with the deadline's date in force, wherever it moves. */
@Injectable()
export class TaskService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TaskRepository,
    private readonly matters: MatterProjectionService,
    private readonly deadlines: DeadlineService,
  ) {}

  async create(actor: Actor, matterId: string, input: CreateTaskDto): Promise<TaskView> {
    if (input.dueDate !== undefined && input.deadlineId !== undefined)
      throw new ValidationFailedError([
        { field: 'deadlineId', message: 'a task has its own dueDate or follows a deadline, not both' },
      ]);
    if (input.daysBefore !== undefined && input.deadlineId === undefined)
      throw new ValidationFailedError([
        { field: 'daysBefore', message: 'daysBefore goes only with deadlineId' },
      ]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await this.matters.find(manager, matterId);
      if (!matter) throw new NotFoundError('matter', matterId);
      if (input.deadlineId !== undefined) {
        const deadline = (await this.deadlines.datesInForce(manager, [input.deadlineId])).get(
          input.deadlineId,
        );
        if (!deadline) throw new NotFoundError('deadline', input.deadlineId);
        if (deadline.matterId !== matterId) throw new DeadlineOfAnotherMatterError(input.deadlineId);
      }
      const now = new Date();
      const task: Task = {
        firmId: actor.firmId,
        id: uuidv7(),
        matterId,
        title: input.title,
        description: input.description ?? null,
        assigneeId: input.assigneeId ?? null,
        dueDate: input.dueDate ?? null,
        deadlineId: input.deadlineId ?? null,
        daysBefore: input.daysBefore ?? 0,
        priority: input.priority ?? 'normal',
        status: 'open',
        createdBy: actor.subject,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
      };
      await this.tasks.insert(manager, task);
      const view = (await this.views(manager, [task]))[0]!;
      await recordChange(manager, actor, {
        action: 'task.created',
        resourceType: 'task',
        resourceId: task.id,
        details: {
          matterId,
          priority: task.priority,
          deadlineId: task.deadlineId,
          assigneeId: task.assigneeId,
        },
        events: [{ type: TaskCreatedV1.type, aggregateId: task.id, data: snapshot(view) }],
      });
      return view;
    });
  }

  async update(actor: Actor, id: string, input: UpdateTaskDto): Promise<TaskView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const task = await this.tasks.lock(manager, id);
      if (!task) throw new NotFoundError('task', id);
      if (input.status !== undefined && !mayMove(task.status, input.status))
        throw new TaskStatusNotAllowedError(task.status, input.status);
      if (input.status === undefined && (task.status === 'done' || task.status === 'cancelled'))
        throw new TaskStatusNotAllowedError(task.status, 'changed');
      const changes = {
        ...(input.title !== undefined && input.title !== task.title ? { title: input.title } : {}),
        ...(input.assigneeId !== undefined && input.assigneeId !== task.assigneeId
          ? { assigneeId: input.assigneeId }
          : {}),
        ...(input.priority !== undefined && input.priority !== task.priority
          ? { priority: input.priority }
          : {}),
        ...(input.status !== undefined && input.status !== task.status ? { status: input.status } : {}),
      };
      // Asking for what already holds changes nothing and records nothing (a retried request, twenty at once).
      if (Object.keys(changes).length === 0) return (await this.views(manager, [task]))[0]!;
      const before = snapshot((await this.views(manager, [task]))[0]!);
      const now = new Date();
      Object.assign(task, { ...changes, updatedAt: now });
      if (task.status === 'done' || task.status === 'cancelled') task.closedAt ??= now;
      await this.tasks.save(manager, task);
      const view = (await this.views(manager, [task]))[0]!;
      await recordChange(manager, actor, {
        action: 'task.changed',
        resourceType: 'task',
        resourceId: task.id,
        details: {
          matterId: task.matterId,
          status: task.status,
          previousStatus: before.status,
          assigneeId: task.assigneeId,
          priority: task.priority,
        },
        events: [{ type: TaskChangedV1.type, aggregateId: task.id, data: { before, after: snapshot(view) } }],
      });
      return view;
    });
  }

  async get(actor: Actor, id: string): Promise<TaskView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const task = await this.tasks.find(manager, id);
      if (!task) throw new NotFoundError('task', id);
      return (await this.views(manager, [task]))[0]!;
    });
  }

  async ofMatter(
    actor: Actor,
    matterId: string,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<TaskView>> {
    const after = decodeCursor(cursor, 'text');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const rows = await this.tasks.ofMatter(manager, matterId, limit, after?.id);
      if (rows.length === 0 && !after && !(await this.matters.find(manager, matterId)))
        throw new NotFoundError('matter', matterId);
      const page = toPage(
        rows,
        limit,
        (row) => ({ sortKey: row.id, id: row.id }),
        (row) => row,
      );
      return { items: await this.views(manager, page.items), nextCursor: page.nextCursor };
    });
  }

  /** Views with the due date in force: a linked deadline's date is read now, so the task moves with it. */
  private async views(manager: EntityManager, tasks: Task[]): Promise<TaskView[]> {
    const linked = await this.deadlines.datesInForce(
      manager,
      tasks.flatMap((task) => (task.deadlineId ? [task.deadlineId] : [])),
    );
    return tasks.map((task) => {
      const deadline = task.deadlineId ? linked.get(task.deadlineId) : undefined;
      return {
        id: task.id,
        matterId: task.matterId,
        title: task.title,
        description: task.description,
        assigneeId: task.assigneeId,
        dueDate: deadline ? daysBefore(deadline.dueDate, task.daysBefore) : task.dueDate,
        deadlineId: task.deadlineId,
        daysBefore: task.daysBefore,
        priority: task.priority,
        status: task.status,
        createdAt: task.createdAt.toISOString(),
        updatedAt: task.updatedAt.toISOString(),
      };
    });
  }
}

/** A task as its events carry it: the view's fields, with the due date in force at the time. */
function snapshot(view: TaskView): TaskSnapshotV1 {
  return {
    taskId: view.id,
    matterId: view.matterId,
    title: view.title,
    assigneeId: view.assigneeId,
    priority: view.priority,
    status: view.status,
    dueDate: view.dueDate,
    deadlineId: view.deadlineId,
    daysBefore: view.daysBefore,
  };
}
