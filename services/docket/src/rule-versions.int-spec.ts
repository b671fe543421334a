/**
 * Rule-set versioning against real PostgreSQL: a trigger takes the version in force on its date, a
 * new date under another version recomputes under that one (a rule that is gone is removed, a new
 * one added, both in the diff), and the app role cannot rewrite the reference data.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testProducer,
} from '@lawfirm/testing';
import { AppModule } from './app.module';
import { DocketConfig } from './config';
import { FRCP_V1 } from './rules/data/frcp.v1';
import type { RuleSetDefinition } from './rules/rule-set.service';

describe('Rule-set versions', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  // A rule set of this spec's own, so the shipped ones and other specs are untouched.
  const ruleSetId = `frcp-test-${randomUUID().slice(0, 8)}`;

  const versionOne: RuleSetDefinition = { ...FRCP_V1, id: ruleSetId, effectiveTo: '2030-01-01' };
  const versionTwo: RuleSetDefinition = {
    ...FRCP_V1,
    id: ruleSetId,
    version: 2,
    effectiveFrom: '2030-01-01',
    rules: FRCP_V1.rules.map((rule) =>
      rule.code === 'frcp-answer'
        ? { ...rule, code: 'frcp-answer-2030', period: { amount: 30, unit: 'days' as const } }
        : rule,
    ),
  };

  beforeAll(async () => {
    const owner = new Client({ connectionString: testDatabase('docket').owner });
    await owner.connect();
    try {
      for (const ruleSet of [versionOne, versionTwo])
        await owner.query(
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
    } finally {
      await owner.end();
    }
    const config = loadConfig(DocketConfig, serviceTestEnv('docket'));
    app = await bootService('docket', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  it('computes under the version in force on the trigger date, and recomputes under the new one when the date moves', async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const call = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const created = await call.post(`/v1/matters/${matterId}/triggers`, {
      ruleSetId,
      triggerEvent: 'complaint-served',
      triggerDate: '2029-12-20',
    });
    expect(created.status).toBe(201);
    expect(created.body.trigger.ruleSetVersion).toBe(1);
    expect(created.body.deadlines).toEqual([
      expect.objectContaining({ ruleCode: 'frcp-answer', dueDate: '2030-01-10' }),
    ]);
    expect(created.body.deadlines[0].explanation[1].text).toContain(`v1`);

    const moved = await call.patch(`/v1/triggers/${created.body.trigger.id}`, { triggerDate: '2030-01-07' });
    expect(moved.status).toBe(200);
    expect(moved.body.trigger.ruleSetVersion).toBe(2);
    expect(moved.body.changes.removed).toEqual([
      expect.objectContaining({
        deadline: expect.objectContaining({ ruleCode: 'frcp-answer', dueDate: '2030-01-10' }),
        wasDone: false,
        wasOverridden: false,
      }),
    ]);
    expect(moved.body.changes.added).toEqual([
      expect.objectContaining({ ruleCode: 'frcp-answer-2030', dueDate: '2030-02-06' }),
    ]);
    expect(moved.body.changes.moved).toEqual([]);
  });

  it('lets the service read the reference data but never change it', async () => {
    const firmId = newCaller().firmId;
    const dataSource = app.get(DataSource);
    await expect(
      withTenant(dataSource, firmId, (manager) =>
        manager.query(`UPDATE rule_sets SET effective_from = '2000-01-01' WHERE id = $1`, [ruleSetId]),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(dataSource, firmId, (manager) => manager.query(`DELETE FROM holiday_calendars`)),
    ).rejects.toThrow(/permission denied/);
    const [row] = await withTenant(dataSource, firmId, (manager) =>
      manager.query(
        `SELECT effective_from::text AS "effectiveFrom" FROM rule_sets WHERE id = $1 AND version = 1`,
        [ruleSetId],
      ),
    );
    expect(row).toEqual({ effectiveFrom: '2016-12-01' });
  });
});
