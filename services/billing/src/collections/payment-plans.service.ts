import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { PaymentPlanAgreedV1 } from '@lawfirm/contracts';
import { DomainError, NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { PaymentsService } from '../payments/payments.service';
import { InvoiceSettledError } from './collections.exception';
import type { PaymentPlanDto, PaymentPlanView } from './dto/collections.dto';
import type { PaymentPlan, PaymentPlanInstalment } from './payment-plan.entity';
import { instalmentProblems, instalmentStatuses } from './payment-plan.rules';
import { PaymentPlansRepository } from './payment-plans.repository';
import { withTenant } from '@lawfirm/database';

export class PaymentPlanExistsError extends DomainError {
  constructor(planId: string) {
    super('conflict', 'payment_plan_exists', 'This invoice already has a payment plan.', [], { planId });
  }
}

/** Payment plans: instalments for an invoice's open amount, their status derived from the payments. */
@Injectable()
export class PaymentPlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly plans: PaymentPlansRepository,
    private readonly payments: PaymentsService,
  ) {}

  /** Agrees a plan for what is open on an invoice (one per invoice; holds the client's payment lock). */
  async agree(actor: Actor, invoiceId: string, input: PaymentPlanDto): Promise<PaymentPlanView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const standing = await this.payments.invoiceStanding(manager, actor, invoiceId, true);
      const existing = await this.plans.ofInvoice(manager, invoiceId);
      if (existing) throw new PaymentPlanExistsError(existing.id);
      if (standing.openMinor <= 0) throw new InvoiceSettledError();
      const problems = instalmentProblems(input.instalments, standing.openMinor);
      if (problems.length) throw new ValidationFailedError(problems);
      const plan: PaymentPlan = {
        firmId: actor.firmId,
        id: randomUUID(),
        invoiceId,
        clientId: standing.clientId,
        currency: standing.currency,
        totalMinor: String(standing.openMinor),
        paidBeforeMinor: String(standing.paidMinor),
        note: input.note ?? null,
        createdBy: actor.subject,
        createdAt: new Date(),
      };
      const instalments: PaymentPlanInstalment[] = input.instalments.map((instalment, position) => ({
        firmId: actor.firmId,
        planId: plan.id,
        position,
        dueOn: instalment.dueOn,
        amountMinor: String(instalment.amountMinor),
      }));
      await this.plans.insert(manager, plan, instalments);
      await recordChange(manager, actor, {
        action: 'invoice.payment-plan-agreed',
        resourceType: 'invoice',
        resourceId: invoiceId,
        details: {
          planId: plan.id,
          totalMinor: standing.openMinor,
          instalments: input.instalments.map((i) => ({ ...i })),
        },
        events: [
          {
            type: PaymentPlanAgreedV1.type,
            aggregateId: invoiceId,
            data: {
              planId: plan.id,
              invoiceId,
              invoiceNumber: standing.number,
              clientId: standing.clientId,
              totalMinor: standing.openMinor,
              currency: standing.currency,
              instalments: input.instalments.map((i) => ({ dueOn: i.dueOn, amountMinor: i.amountMinor })),
              agreedAt: plan.createdAt.toISOString(),
            },
          },
        ],
      });
      return view(plan, instalments, 0, new Date().toISOString().slice(0, 10));
    });
  }

  async get(actor: Actor, invoiceId: string, asOf?: string): Promise<PaymentPlanView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const standing = await this.payments.invoiceStanding(manager, actor, invoiceId, false);
      const plan = await this.plans.ofInvoice(manager, invoiceId);
      if (!plan) throw new NotFoundError('payment_plan', invoiceId);
      const instalments = await this.plans.instalments(manager, plan.id);
      // Payments (net of reversals) since the plan pay its instalments; credit notes and write-offs do not.
      const paidSince = standing.paidMinor - minorAmountFromDb(plan.paidBeforeMinor);
      return view(plan, instalments, paidSince, asOf ?? new Date().toISOString().slice(0, 10));
    });
  }
}

function view(
  plan: PaymentPlan,
  instalments: PaymentPlanInstalment[],
  paidSinceMinor: number,
  asOf: string,
): PaymentPlanView {
  return {
    id: plan.id,
    invoiceId: plan.invoiceId,
    clientId: plan.clientId,
    currency: plan.currency,
    totalMinor: minorAmountFromDb(plan.totalMinor),
    paidMinor: Math.max(0, paidSinceMinor),
    note: plan.note,
    asOf,
    instalments: instalmentStatuses(
      instalments.map((row) => ({ dueOn: row.dueOn, amountMinor: minorAmountFromDb(row.amountMinor) })),
      paidSinceMinor,
      asOf,
    ),
    createdAt: plan.createdAt.toISOString(),
  };
}
