import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The background SLA sweep's cross-firm scope (WORK_ORDER_SLA_SWEEP_SCOPE): it may only read work orders,
 * to find the firms with an order past due; each firm's breaches are then recorded in that firm's own
 * transaction under the usual tenant policy.
 */
const WORK_ORDER_SLA_SWEEP_SCOPE = 'docket-work-order-sla-sweep';

export class WorkOrderSlaSweepScope1767800000001 implements MigrationInterface {
  name = 'WorkOrderSlaSweepScope1767800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE POLICY work_orders_docket_work_order_sla_sweep_read ON work_orders FOR SELECT
        USING (current_setting('app.scope', true) = '${WORK_ORDER_SLA_SWEEP_SCOPE}')`,
    );
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
