import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CA_CIVIL_V2 } from '../rules/data/ca-civil.v2';
import { CA_COURT_HOLIDAYS_V2 } from '../rules/data/ca-courts.v2';
import { checkRuleSet } from '../rules/deadline.rules';

/** The corrected California court calendar (`ca-courts` v2) and the rule-set version that counts on it. */
export class CaCourtsV21767800000000 implements MigrationInterface {
  name = 'CaCourtsV21767800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const calendar = CA_COURT_HOLIDAYS_V2;
    await queryRunner.query(
      `INSERT INTO holiday_calendars (id, version, name, jurisdiction, effective_from, effective_to, definition)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        calendar.id,
        calendar.version,
        calendar.name,
        calendar.jurisdiction,
        calendar.effectiveFrom,
        calendar.effectiveTo ?? null,
        JSON.stringify(calendar),
      ],
    );
    const ruleSet = CA_CIVIL_V2;
    const problems = checkRuleSet(ruleSet);
    if (problems.length)
      throw new Error(`Rule set ${ruleSet.id} v${ruleSet.version}: ${problems.join('; ')}`);
    await queryRunner.query(
      `INSERT INTO rule_sets (id, version, name, jurisdiction, effective_from, effective_to, definition)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        ruleSet.id,
        ruleSet.version,
        ruleSet.name,
        ruleSet.jurisdiction,
        ruleSet.effectiveFrom,
        ruleSet.effectiveTo ?? null,
        JSON.stringify(ruleSet),
      ],
    );
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
