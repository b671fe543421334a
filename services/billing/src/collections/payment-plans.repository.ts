import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PaymentPlan, PaymentPlanInstalment } from './payment-plan.entity';

@Injectable()
export class PaymentPlansRepository {
  ofInvoice(manager: EntityManager, invoiceId: string): Promise<PaymentPlan | null> {
    return manager.getRepository(PaymentPlan).findOne({ where: { invoiceId } });
  }

  instalments(manager: EntityManager, planId: string): Promise<PaymentPlanInstalment[]> {
    return manager
      .getRepository(PaymentPlanInstalment)
      .find({ where: { planId }, order: { position: 'ASC' } });
  }

  async insert(
    manager: EntityManager,
    plan: PaymentPlan,
    instalments: PaymentPlanInstalment[],
  ): Promise<void> {
    await manager.insert(PaymentPlan, plan);
    await manager.insert(PaymentPlanInstalment, instalments);
  }
}
