import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work in progress found by the pre-bill or invoice holding it (issue 11, bench/invoice-run): issuing marks an
 * invoice's entries billed and discarding a pre-bill releases them by `invoice_id`, which without an index
 * read every row the firm ever recorded (about 300 ms a bill at 1,000,000 entries). Additive.
 */
export class WipInvoiceIndex1766200000001 implements MigrationInterface {
  name = 'WipInvoiceIndex1766200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "wip_entries_firm_invoice" ON "wip_entries" ("firm_id", "invoice_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "wip_expenses_firm_invoice" ON "wip_expenses" ("firm_id", "invoice_id")`,
    );
  }

  async down(): Promise<void> {
    throw new Error('WipInvoiceIndex1766200000001 is not reversible; restore from backup instead.');
  }
}
