import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Due dates for receivables aging (issue 11): payment terms in days on a matter's billing terms, and the
 * due date an invoice gets when it is issued (issue date + terms, 30 days without terms). Additive; invoices
 * issued before this keep a null due date, which aging reads as issue date + 30.
 */
export class InvoiceDueDates1765800000001 implements MigrationInterface {
  name = 'InvoiceDueDates1765800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "matter_billing_terms" ADD "payment_terms_days" integer`);
    await queryRunner.query(`ALTER TABLE "invoices" ADD "due_date" date`);
  }

  async down(): Promise<void> {
    throw new Error('InvoiceDueDates1765800000001 is not reversible; restore from backup instead.');
  }
}
