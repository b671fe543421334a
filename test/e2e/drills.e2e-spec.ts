/**
 * Crash drills on the real broker, at a scale CI can afford (bench/drills.ts runs them at full
 * scale and prints the figures): the broker SIGKILLed while time is approved, and the consumer of
 * that time SIGKILLed while it works through a burst.
 */
import { brokerCrashDrill, consumerCrashDrill } from '../drills/stack-drills';
import { startTestStack, type TestStack } from './support/test-stack';

describe('Crash drills on the real broker', () => {
  let env: TestStack;

  beforeAll(async () => {
    env = await startTestStack({ ownBroker: true });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('brings every entry approved around a broker SIGKILL into WIP exactly once', async () => {
    const report = await brokerCrashDrill(env, { matters: 6, perMatter: 50 });

    expect(report.approvalsDuringOutage).toBeGreaterThan(0);
    expect(report).toMatchObject({
      approved: 300,
      inWip: 300,
      lost: 0,
      duplicated: 0,
      minutesMatch: true,
      deadLettered: 0,
    });
  });

  it('loses and repeats nothing when billing is SIGKILLed mid-batch and restarted', async () => {
    const report = await consumerCrashDrill(env, { matters: 4, perMatter: 250 });

    expect(report.appliedAtKill).toBeGreaterThanOrEqual(250);
    expect(report.appliedAtKill).toBeLessThan(report.approved);
    expect(report).toMatchObject({
      approved: 1000,
      inWip: 1000,
      lost: 0,
      duplicated: 0,
      minutesMatch: true,
      deadLettered: 0,
    });
  });
});
