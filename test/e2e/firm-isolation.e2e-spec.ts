/** Firm B's token never reaches firm A's data: every resource answers 404 and no list shows it. */
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

describe('Firm isolation through the gateway', () => {
  let env: TestStack;
  let firmA: Api;
  let firmB: Api;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestStack();
    firmA = await Api.login(env.gatewayUrl, await createFirm());
    firmB = await Api.login(env.gatewayUrl, await createFirm());
    ids.client = (await firmA.call('POST', '/v1/clients', { kind: 'person', name: 'Alice Confidential' })).body.id;
    ids.matter = (await firmA.call('POST', '/v1/matters', { clientId: ids.client, title: 'Confidential divorce' })).body.id;
    ids.entry = await eventually(async () => {
      const created = await firmA.call('POST', '/v1/time-entries', { matterId: ids.matter, workDate: '2026-11-19', minutes: 30, narrative: 'Client meeting' });
      return created.status === 201 ? (created.body.id as string) : undefined;
    });
    await firmA.call('POST', `/v1/time-entries/${ids.entry}/submit`);
    await firmA.call('POST', `/v1/time-entries/${ids.entry}/approve`);
    await eventually(async () => ((await firmA.call('GET', `/v1/matters/${ids.matter}/wip`)).body.entryCount === 1 ? true : undefined));
  });

  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['client', () => `/v1/clients/${ids.client}`],
    ['matter', () => `/v1/matters/${ids.matter}`],
    ['time entry', () => `/v1/time-entries/${ids.entry}`],
    ['work in progress', () => `/v1/matters/${ids.matter}/wip`],
  ])("answers 404 to firm B for firm A's %s", async (_name, path) => {
    const response = await firmB.call('GET', path());
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain('Confidential');
  });

  it("refuses firm B's writes against firm A's resources as unknown", async () => {
    expect((await firmB.call('POST', `/v1/time-entries/${ids.entry}/submit`)).status).toBe(404);
    expect((await firmB.call('POST', `/v1/time-entries/${ids.entry}/approve`)).status).toBe(404);
    const matter = await firmB.call('POST', '/v1/matters', { clientId: ids.client, title: 'Hijack' });
    expect(matter.status).toBe(422);
    const time = await firmB.call('POST', '/v1/time-entries', { matterId: ids.matter, workDate: '2026-11-19', minutes: 5, narrative: 'x' });
    expect(time.status).toBe(422);
  });

  it("never lists firm A's resources for firm B", async () => {
    for (const path of ['/v1/clients?limit=200', '/v1/matters?limit=200', '/v1/time-entries?limit=200']) {
      const response = await firmB.call('GET', path);
      expect(response.status).toBe(200);
      const listed = response.body.items.map((item: { id: string }) => item.id);
      expect(listed).not.toEqual(expect.arrayContaining([ids.client]));
      expect(listed).not.toContain(ids.matter);
      expect(listed).not.toContain(ids.entry);
    }
    const ownList = await firmA.call('GET', '/v1/matters?limit=200');
    expect(ownList.body.items.map((item: { id: string }) => item.id)).toContain(ids.matter);
  });

  it("keeps each firm's audit trail to itself", async () => {
    const trailA = await eventually(async () => {
      const response = await firmA.call('GET', '/v1/audit?limit=200');
      const items = response.body.items as Array<{ action: string; resourceId?: string }>;
      return items.some((item) => item.action === 'matter.opened' && item.resourceId === ids.matter) ? items : undefined;
    });
    await eventually(async () =>
      ((await firmA.call('GET', '/v1/audit?limit=200')).body.items as Array<{ action: string; resourceId?: string; status?: number }>).some(
        (item) => item.action === 'POST /v1/matters' && item.status === 201 && item.resourceId === ids.matter,
      ) || undefined,
    );
    expect(trailA.every((item) => typeof item.action === 'string')).toBe(true);
    const trailB = await firmB.call('GET', '/v1/audit?limit=200');
    expect(trailB.status).toBe(200);
    // B's trail holds B's own (refused) probes, and nothing firm A did.
    const itemsB = trailB.body.items as Array<{ action: string; category: string; status?: number; resourceId?: string }>;
    expect(itemsB.filter((item) => item.category === 'change')).toEqual([]);
    expect(itemsB.filter((item) => item.resourceId === ids.matter).every((item) => item.status === 404)).toBe(true);
    expect(itemsB.some((item) => item.action === 'matter.opened' || item.action === 'client.created')).toBe(false);
  });
});
