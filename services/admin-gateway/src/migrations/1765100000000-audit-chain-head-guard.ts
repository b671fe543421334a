import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain head moves only by appending: a new head starts at the genesis, an update only moves
 * it forward onto a record already chained with that hash, and a head is never deleted (the app
 * role has no DELETE grant either). The owner role can still disable a trigger; the keyed hashes
 * and the anchors kept outside the database (AuditAnchors) are what catch that.
 */
export class AuditChainHeadGuard1765100000000 implements MigrationInterface {
  name = 'AuditChainHeadGuard1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'audit chain heads are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'INSERT' THEN
          IF NEW.last_seq <> 0 OR NEW.last_hash <> repeat('0', 64) THEN
            RAISE EXCEPTION 'a new audit chain head starts at the genesis' USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END IF;
        IF NEW.firm_id <> OLD.firm_id OR NEW.last_seq <= OLD.last_seq OR NOT EXISTS (
          SELECT 1 FROM audit_records r WHERE r.firm_id = NEW.firm_id AND r.seq = NEW.last_seq AND r.hash = NEW.last_hash
        ) THEN
          RAISE EXCEPTION 'the audit chain head only moves forward, onto a record chained with its hash'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_chain_heads_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_heads
       FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_chain_heads_guard ON audit_chain_heads`);
    await queryRunner.query(`DROP FUNCTION audit_chain_head_guard()`);
  }
}
