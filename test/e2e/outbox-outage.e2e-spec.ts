/**
 * The broker goes away while entries are approved, then comes back: every event still
 * arrives (the outbox kept them) and work in progress shows each entry exactly once.
 */
import { eventually } from '@lawfirm/testing';
import { signIn, type Gateway } from './support/gateway-client';
import { createFirm, startTestStack, type TestStack } from './support/test-stack';

const ENTRIES = 6;

describe('Outbox across a broker outage', () => {
  let env: TestStack;
  let api: Gateway;

  beforeAll(async () => {
    env = await startTestStack({ ownBroker: true });
    api = await signIn(env.gatewayUrl, await createFirm());
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('delivers every approval made during the outage exactly once', async () => {
    const client = (await api.POST('/v1/clients', { body: { kind: 'company', name: 'Outage Industries' } }))
      .data!;
    const matter = (await api.POST('/v1/matters', { body: { clientId: client.id, title: 'Outage matter' } }))
      .data!;
    const entry = (minutes: number, narrative: string) =>
      api.POST('/v1/time-entries', {
        body: { matterId: matter.id, workDate: '2026-11-02', minutes, narrative },
      });
    const firstEntry = await eventually(async () => (await entry(10, 'Before the outage')).data?.id);
    const entryIds = [firstEntry];
    for (let i = 1; i < ENTRIES; i += 1) {
      const created = await entry(10 + i, `Entry ${i}`);
      expect(created.response.status).toBe(201);
      entryIds.push(created.data!.id);
    }
    const byId = (id: string) => ({ params: { path: { id } } });
    for (const id of entryIds) {
      expect((await api.POST('/v1/time-entries/{id}/submit', byId(id))).response.status).toBe(200);
    }

    await env.stopBroker();
    // Writes keep working while the broker is down: state and events commit together in the outbox.
    for (const id of entryIds) {
      const approved = await api.POST('/v1/time-entries/{id}/approve', byId(id));
      expect(approved.response.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await env.startBroker();

    const readWip = async () =>
      (await api.GET('/v1/matters/{id}/wip', { params: { path: { id: matter.id }, query: { limit: 200 } } }))
        .data;
    const wip = await eventually(
      async () => {
        const answer = await readWip();
        return answer?.entryCount === ENTRIES ? answer : undefined;
      },
      90_000,
      500,
    );
    const expectedMinutes = Array.from({ length: ENTRIES }, (_, i) => 10 + i).reduce((a, b) => a + b, 0);
    expect(wip.totalMinutes).toBe(expectedMinutes);
    expect(new Set(wip.items.map((item) => item.timeEntryId))).toEqual(new Set(entryIds));

    // Later redeliveries (the relay re-sends, consumers restart) change nothing.
    await env.stack.restart('billing');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const again = await readWip();
    expect(again?.entryCount).toBe(ENTRIES);
    expect(again?.totalMinutes).toBe(expectedMinutes);
  });
});
