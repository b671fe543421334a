/**
 * The broker goes away while entries are approved, then comes back: every event still
 * arrives (the outbox kept them) and work in progress shows each entry exactly once.
 */
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

const ENTRIES = 6;

describe('Outbox across a broker outage', () => {
  let env: TestStack;
  let api: Api;

  beforeAll(async () => {
    env = await startTestStack({ ownBroker: true });
    api = await Api.login(env.gatewayUrl, await createFirm());
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('delivers every approval made during the outage exactly once', async () => {
    const client = await api.call('POST', '/v1/clients', { kind: 'company', name: 'Outage Industries' });
    const matter = await api.call('POST', '/v1/matters', { clientId: client.body.id, title: 'Outage matter' });
    const firstEntry = await eventually(async () => {
      const created = await api.call('POST', '/v1/time-entries', { matterId: matter.body.id, workDate: '2026-11-02', minutes: 10, narrative: 'Before the outage' });
      return created.status === 201 ? (created.body.id as string) : undefined;
    });
    const entryIds = [firstEntry];
    for (let i = 1; i < ENTRIES; i += 1) {
      const created = await api.call('POST', '/v1/time-entries', { matterId: matter.body.id, workDate: '2026-11-02', minutes: 10 + i, narrative: `Entry ${i}` });
      expect(created.status).toBe(201);
      entryIds.push(created.body.id);
    }
    for (const id of entryIds) expect((await api.call('POST', `/v1/time-entries/${id}/submit`)).status).toBe(200);

    await env.stopBroker();
    // Writes keep working while the broker is down: state and events commit together in the outbox.
    for (const id of entryIds) {
      const approved = await api.call('POST', `/v1/time-entries/${id}/approve`);
      expect(approved.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await env.startBroker();

    const wip = await eventually(
      async () => {
        const response = await api.call('GET', `/v1/matters/${matter.body.id}/wip?limit=200`);
        return response.status === 200 && response.body.entryCount === ENTRIES ? response.body : undefined;
      },
      90_000,
      500,
    );
    const expectedMinutes = Array.from({ length: ENTRIES }, (_, i) => 10 + i).reduce((a, b) => a + b, 0);
    expect(wip.totalMinutes).toBe(expectedMinutes);
    expect(new Set(wip.items.map((item: { timeEntryId: string }) => item.timeEntryId))).toEqual(new Set(entryIds));

    // Later redeliveries (the relay re-sends, consumers restart) change nothing.
    await env.stack.restart('billing');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const again = await api.call('GET', `/v1/matters/${matter.body.id}/wip?limit=200`);
    expect(again.body.entryCount).toBe(ENTRIES);
    expect(again.body.totalMinutes).toBe(expectedMinutes);
  });
});
