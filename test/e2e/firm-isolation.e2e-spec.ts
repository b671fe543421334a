/**
 * Firm B's token never reaches firm A's data: every resource answers 404 and no list shows it.
 * Calls go through the client typed by the gateway's OpenAPI document (support/gateway-client).
 */
import { eventually } from '@lawfirm/testing';
import { signIn, type Gateway } from './support/gateway-client';
import { createFirm, startTestStack, type TestStack } from './support/test-stack';

describe('Firm isolation through the gateway', () => {
  let env: TestStack;
  let firmA: Gateway;
  let firmB: Gateway;
  const ids = { client: '', matter: '', entry: '' };

  beforeAll(async () => {
    env = await startTestStack();
    firmA = await signIn(env.gatewayUrl, await createFirm());
    firmB = await signIn(env.gatewayUrl, await createFirm());
    ids.client = (
      await firmA.POST('/v1/clients', { body: { kind: 'person', name: 'Alice Confidential' } })
    ).data!.id;
    ids.matter = (
      await firmA.POST('/v1/matters', { body: { clientId: ids.client, title: 'Confidential divorce' } })
    ).data!.id;
    ids.entry = await eventually(async () => {
      const created = await firmA.POST('/v1/time-entries', {
        body: { matterId: ids.matter, workDate: '2026-11-19', minutes: 30, narrative: 'Client meeting' },
      });
      return created.data?.id;
    });
    const entry = { params: { path: { id: ids.entry } } };
    await firmA.POST('/v1/time-entries/{id}/submit', entry);
    await firmA.POST('/v1/time-entries/{id}/approve', entry);
    await eventually(async () => {
      const wip = await firmA.GET('/v1/matters/{id}/wip', { params: { path: { id: ids.matter } } });
      return wip.data?.entryCount === 1 ? true : undefined;
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['client', (api: Gateway) => api.GET('/v1/clients/{id}', { params: { path: { id: ids.client } } })],
    ['matter', (api: Gateway) => api.GET('/v1/matters/{id}', { params: { path: { id: ids.matter } } })],
    [
      'time entry',
      (api: Gateway) => api.GET('/v1/time-entries/{id}', { params: { path: { id: ids.entry } } }),
    ],
    [
      'work in progress',
      (api: Gateway) => api.GET('/v1/matters/{id}/wip', { params: { path: { id: ids.matter } } }),
    ],
  ])("answers 404 to firm B for firm A's %s", async (_name, read) => {
    const { response, data, error } = await read(firmB);
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('Confidential');
  });

  it("refuses firm B's writes against firm A's resources as unknown", async () => {
    const entry = { params: { path: { id: ids.entry } } };
    expect((await firmB.POST('/v1/time-entries/{id}/submit', entry)).response.status).toBe(404);
    expect((await firmB.POST('/v1/time-entries/{id}/approve', entry)).response.status).toBe(404);
    const matter = await firmB.POST('/v1/matters', { body: { clientId: ids.client, title: 'Hijack' } });
    expect(matter.response.status).toBe(422);
    const time = await firmB.POST('/v1/time-entries', {
      body: { matterId: ids.matter, workDate: '2026-11-19', minutes: 5, narrative: 'x' },
    });
    expect(time.response.status).toBe(422);
  });

  it("never lists firm A's resources for firm B", async () => {
    const page = { params: { query: { limit: 200 } } };
    for (const list of [
      (api: Gateway) => api.GET('/v1/clients', page),
      (api: Gateway) => api.GET('/v1/matters', page),
      (api: Gateway) => api.GET('/v1/time-entries', page),
    ]) {
      const response = await list(firmB);
      expect(response.response.status).toBe(200);
      const listed = (response.data?.items ?? []).map((item) => item.id);
      expect(listed).not.toContain(ids.client);
      expect(listed).not.toContain(ids.matter);
      expect(listed).not.toContain(ids.entry);
    }
    const ownList = await firmA.GET('/v1/matters', page);
    expect(ownList.data?.items.map((item) => item.id)).toContain(ids.matter);
  });

  it("keeps each firm's audit trail to itself", async () => {
    const trail = async (api: Gateway) =>
      (await api.GET('/v1/audit', { params: { query: { limit: 200 } } })).data;
    const trailA = await eventually(async () => {
      const items = (await trail(firmA))?.items ?? [];
      return items.some((item) => item.action === 'matter.opened' && item.resourceId === ids.matter)
        ? items
        : undefined;
    });
    await eventually(
      async () =>
        ((await trail(firmA))?.items ?? []).some(
          (item) =>
            item.action === 'POST /v1/matters' && item.status === 201 && item.resourceId === ids.matter,
        ) || undefined,
    );
    expect(trailA.every((item) => typeof item.action === 'string')).toBe(true);
    const trailB = await firmB.GET('/v1/audit', { params: { query: { limit: 200 } } });
    expect(trailB.response.status).toBe(200);
    // B's trail holds B's own (refused) probes, and nothing firm A did.
    const itemsB = trailB.data?.items ?? [];
    expect(itemsB.filter((item) => item.category === 'change')).toEqual([]);
    expect(itemsB.filter((item) => item.resourceId === ids.matter).every((item) => item.status === 404)).toBe(
      true,
    );
    expect(itemsB.some((item) => item.action === 'matter.opened' || item.action === 'client.created')).toBe(
      false,
    );
  });
});
