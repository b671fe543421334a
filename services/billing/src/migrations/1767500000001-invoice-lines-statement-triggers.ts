import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lines of an issued invoice stay immutable, checked once per statement instead of once per row: the row
 * trigger of BillingCore1765700000000 ran a lookup of the line's invoice for every inserted line, which
 * bench/invoice-run found to be most of the cost of writing a 1,000-line bill. The statement triggers see the
 * statement's rows as transition tables and refuse the whole statement (whoever connects) when any of them
 * belongs to an issued invoice, before or after the change, exactly as the row trigger did.
 */
export class InvoiceLinesStatementTriggers1767500000001 implements MigrationInterface {
  name = 'InvoiceLinesStatementTriggers1767500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const refuse = `RAISE EXCEPTION 'the lines of issued invoice % cannot be changed', issued USING ERRCODE = 'P0001';`;
    const issuedAmong = (table: string) =>
      `SELECT i.id INTO issued FROM ${table} AS line JOIN invoices AS i
          ON i.firm_id = line.firm_id AND i.id = line.invoice_id WHERE i.status = 'issued' LIMIT 1;`;
    const statements = [
      `DROP TRIGGER invoice_lines_issued_immutable ON "invoice_lines"`,
      `CREATE FUNCTION invoice_lines_issued_immutable_new() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE issued uuid;
        BEGIN
          ${issuedAmong('new_lines')}
          IF issued IS NOT NULL THEN ${refuse} END IF;
          RETURN NULL;
        END $$`,
      `CREATE FUNCTION invoice_lines_issued_immutable_old() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE issued uuid;
        BEGIN
          ${issuedAmong('old_lines')}
          IF issued IS NOT NULL THEN ${refuse} END IF;
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER invoice_lines_issued_immutable_insert AFTER INSERT ON "invoice_lines"
        REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_issued_immutable_new()`,
      `CREATE TRIGGER invoice_lines_issued_immutable_update_old AFTER UPDATE ON "invoice_lines"
        REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_issued_immutable_old()`,
      `CREATE TRIGGER invoice_lines_issued_immutable_update_new AFTER UPDATE ON "invoice_lines"
        REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_issued_immutable_new()`,
      `CREATE TRIGGER invoice_lines_issued_immutable_delete AFTER DELETE ON "invoice_lines"
        REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION invoice_lines_issued_immutable_old()`,
      `DROP FUNCTION invoice_lines_issued_immutable()`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error(
      'InvoiceLinesStatementTriggers1767500000001 is not reversible; restore from backup instead.',
    );
  }
}
