import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequireRoles, type Actor, type FirmRole } from '@lawfirm/auth';
import { ApiProblemResponse, ResourceIdPipe } from '@lawfirm/platform';
import { CreateTaskDto, TaskListQuery, TaskPage, TaskView, UpdateTaskDto } from './dto/task.dto';
import { TaskService } from './task.service';

const WORKING: FirmRole[] = ['firm-admin', 'attorney', 'paralegal'];
const matterId = new ResourceIdPipe('matter');
const taskId = new ResourceIdPipe('task');

@ApiTags('docket')
@ApiBearerAuth('bearer')
@Controller('v1')
export class TaskController {
  constructor(private readonly tasks: TaskService) {}

  @Post('matters/:matterId/tasks')
  @HttpCode(201)
  @RequireRoles(...WORKING)
  @ApiOperation({ summary: 'Creates a task on a matter, due on a date or with one of its deadlines' })
  @ApiCreatedResponse({ type: TaskView })
  @ApiProblemResponse(422, 'The deadline belongs to another matter.')
  create(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Body() body: CreateTaskDto,
  ): Promise<TaskView> {
    return this.tasks.create(actor, matter, body);
  }

  @Get('matters/:matterId/tasks')
  @ApiOperation({ summary: "Lists a matter's tasks in the order they were created" })
  @ApiOkResponse({ type: TaskPage })
  ofMatter(
    @CurrentActor() actor: Actor,
    @Param('matterId', matterId) matter: string,
    @Query() query: TaskListQuery,
  ): Promise<TaskPage> {
    return this.tasks.ofMatter(actor, matter, query.limit, query.cursor);
  }

  @Get('tasks/:id')
  @ApiOperation({ summary: 'Gets a task with its due date in force' })
  @ApiOkResponse({ type: TaskView })
  get(@CurrentActor() actor: Actor, @Param('id', taskId) id: string): Promise<TaskView> {
    return this.tasks.get(actor, id);
  }

  @Patch('tasks/:id')
  @RequireRoles(...WORKING)
  @ApiOperation({
    summary: "Changes a task's title, assignee, priority or status (done and cancelled are final)",
  })
  @ApiOkResponse({ type: TaskView })
  @ApiProblemResponse(409, 'The status cannot follow the current one.')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', taskId) id: string,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskView> {
    return this.tasks.update(actor, id, body);
  }
}
