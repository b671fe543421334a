import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permit, type Actor } from '@lawfirm/auth';
import { ResourceIdPipe } from '@lawfirm/platform';
import {
  CreateExpenseDto,
  ExpenseListQuery,
  ExpensePage,
  ExpenseView,
  RejectExpenseDto,
  ReversedExpenseView,
  ReverseExpenseDto,
  UpdateExpenseDto,
} from './dto/expense.dto';
import { ExpenseService } from './expense.service';
import { TIMEKEEPING_POLICY } from '../access-policy';

const expenseId = new ResourceIdPipe('expense');

@ApiTags('expenses')
@ApiBearerAuth('bearer')
@Controller('v1/expenses')
export class ExpenseController {
  constructor(private readonly expenses: ExpenseService) {}

  @Post()
  @Permit(TIMEKEEPING_POLICY, 'expense.create')
  @ApiOperation({ summary: 'Records a draft expense on an open matter' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: ExpenseView, description: "A draft expense of the caller's." })
  create(@CurrentActor() actor: Actor, @Body() body: CreateExpenseDto): Promise<ExpenseView> {
    return this.expenses.create(actor, body);
  }

  @Get()
  @Permit(TIMEKEEPING_POLICY, 'expense.read')
  @ApiOperation({ summary: 'Lists expenses, newest first' })
  @ApiOkResponse({ type: ExpensePage })
  list(@CurrentActor() actor: Actor, @Query() query: ExpenseListQuery): Promise<ExpensePage> {
    return this.expenses.list(
      actor,
      { matterId: query.matterId, status: query.status },
      query.limit,
      query.cursor,
    );
  }

  @Get(':id')
  @Permit(TIMEKEEPING_POLICY, 'expense.read')
  @ApiOperation({ summary: 'Gets an expense' })
  @ApiOkResponse({ type: ExpenseView })
  get(@CurrentActor() actor: Actor, @Param('id', expenseId) id: string): Promise<ExpenseView> {
    return this.expenses.get(actor, id);
  }

  @Patch(':id')
  @Permit(TIMEKEEPING_POLICY, 'expense.edit')
  @ApiOperation({ summary: 'Edits a draft or rejected expense' })
  @ApiOkResponse({
    type: ExpenseView,
    description: 'Edits a draft or rejected expense (a rejected expense returns to draft).',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', expenseId) id: string,
    @Body() body: UpdateExpenseDto,
  ): Promise<ExpenseView> {
    return this.expenses.update(actor, id, body);
  }

  @Post(':id/submit')
  @Permit(TIMEKEEPING_POLICY, 'expense.submit')
  @ApiOperation({ summary: 'Submits an expense for approval' })
  @HttpCode(200)
  @ApiOkResponse({ type: ExpenseView, description: 'The expense is submitted for approval.' })
  submit(@CurrentActor() actor: Actor, @Param('id', expenseId) id: string): Promise<ExpenseView> {
    return this.expenses.submit(actor, id);
  }

  @Post(':id/approve')
  @Permit(TIMEKEEPING_POLICY, 'expense.approve')
  @ApiOperation({ summary: 'Approves a submitted expense' })
  @HttpCode(200)
  @ApiOkResponse({ type: ExpenseView, description: 'The expense is approved and flows to billing.' })
  approve(@CurrentActor() actor: Actor, @Param('id', expenseId) id: string): Promise<ExpenseView> {
    return this.expenses.approve(actor, id);
  }

  @Post(':id/reject')
  @Permit(TIMEKEEPING_POLICY, 'expense.reject')
  @ApiOperation({ summary: 'Rejects a submitted expense with a reason' })
  @HttpCode(200)
  @ApiOkResponse({ type: ExpenseView })
  reject(
    @CurrentActor() actor: Actor,
    @Param('id', expenseId) id: string,
    @Body() body: RejectExpenseDto,
  ): Promise<ExpenseView> {
    return this.expenses.reject(actor, id, body.reason);
  }

  @Post(':id/reverse')
  @Permit(TIMEKEEPING_POLICY, 'expense.reverse')
  @ApiOperation({ summary: 'Reverses an approved or billed expense' })
  @HttpCode(200)
  @ApiOkResponse({
    type: ReversedExpenseView,
    description: 'The original is voided; a new approved expense carries its negative.',
  })
  reverse(
    @CurrentActor() actor: Actor,
    @Param('id', expenseId) id: string,
    @Body() body: ReverseExpenseDto,
  ): Promise<ReversedExpenseView> {
    return this.expenses.reverse(actor, id, body.reason);
  }
}
