/**
 * A partner vendor's day through the gateway (issue 16), with every process real: operations register
 * the vendor and issue its key at the admin gateway, firms connect it, a firm assigns work under the
 * client's outsourcing consent, and the vendor accepts, submits, is returned, resubmits and is accepted
 * — then the consent is revoked mid-way and a firm disconnects it, each refused from the next request.
 * Two vendors and two firms show that nothing crosses between them.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, opsLogin, startTestStack, type TestStack } from './support/test-stack';

const REASON = 'VEND-1 onboarding a review vendor';
const ALL_SCOPES = ['work-orders:read', 'work-orders:write', 'time:write', 'documents:write'];

interface Vendor {
  id: string;
  api: Api;
}

interface Assignment {
  firmApi: Api;
  firmId: string;
  matterId: string;
  clientId: string;
  consentId: string;
}

describe('A partner vendor’s day through the gateway', () => {
  let env: TestStack;
  let ops: Api;

  beforeAll(async () => {
    env = await startTestStack();
    ops = await opsLogin(env.adminUrl);
  }, 600_000);

  afterAll(async () => {
    await env?.stop();
  }, 120_000);

  async function registerVendor(): Promise<Vendor> {
    const registered = await ops.call(
      'POST',
      '/admin/vendors',
      { name: `Vendor ${randomUUID().slice(0, 8)}` },
      {
        'x-access-reason': REASON,
      },
    );
    expect(registered.status).toBe(201);
    const issued = await ops.call(
      'POST',
      `/admin/vendors/${registered.body.id as string}/keys`,
      { name: 'Production', scopes: ALL_SCOPES },
      { 'x-access-reason': REASON },
    );
    expect(issued.status).toBe(201);
    const token = await new Api(env.gatewayUrl).call('POST', '/v1/vendor/token', {
      grant_type: 'client_credentials',
      client_secret: issued.body.key as string,
    });
    expect(token.status).toBe(200);
    return {
      id: registered.body.id as string,
      api: new Api(env.gatewayUrl, token.body.access_token as string),
    };
  }

  /** A firm with a client who consented to outsourced document review, and an open matter of theirs. */
  async function firmWithConsentedMatter(): Promise<Assignment> {
    const firm = await createFirm();
    const firmApi = await Api.login(env.gatewayUrl, firm);
    const client = await firmApi.call('POST', '/v1/clients', {
      kind: 'company',
      name: `Client ${randomUUID().slice(0, 6)}`,
    });
    expect(client.status).toBe(201);
    const consent = await firmApi.call('POST', `/v1/clients/${client.body.id as string}/consents`, {
      scopes: ['document-review'],
      givenOn: '2026-01-15',
      method: 'engagement-letter',
    });
    expect(consent.status).toBe(201);
    const matter = await firmApi.call('POST', '/v1/matters', {
      clientId: client.body.id,
      title: 'Custodian review',
    });
    expect(matter.status).toBe(201);
    return {
      firmApi,
      firmId: firm.firmId,
      matterId: matter.body.id as string,
      clientId: client.body.id as string,
      consentId: consent.body.id as string,
    };
  }

  async function connect(firm: Assignment, vendor: Vendor): Promise<void> {
    const connected = await firm.firmApi.call('POST', '/v1/vendor-connections', { vendorId: vendor.id });
    expect(connected.status).toBe(201);
  }

  /** Assigns once docket knows the matter and the consent (both arrive as intake's events). */
  async function assign(firm: Assignment, vendor: Vendor): Promise<string> {
    return eventually(async () => {
      const created = await firm.firmApi.call('POST', `/v1/matters/${firm.matterId}/work-orders`, {
        vendorId: vendor.id,
        workType: 'document-review',
        instructions: 'Privilege review of the 2019 custodian e-mails',
        documentIds: [randomUUID()],
        slaHours: 72,
      });
      return created.status === 201 ? (created.body.id as string) : undefined;
    });
  }

  const orderPath = (firmId: string, workOrderId: string): string =>
    `/v1/vendor/firms/${firmId}/work-orders/${workOrderId}`;

  async function vendorStep(vendor: Vendor, firmId: string, workOrderId: string, action: string) {
    return vendor.api.call('POST', `${orderPath(firmId, workOrderId)}/transitions`, { action });
  }

  it('accepts, submits, is returned, resubmits and is accepted; sees each firm apart; is refused once consent or connection ends', async () => {
    const [v1, v2, unconnected] = await Promise.all([registerVendor(), registerVendor(), registerVendor()]);
    const firmA = await firmWithConsentedMatter();
    const firmB = await firmWithConsentedMatter();
    await connect(firmA, v1);
    await connect(firmA, v2);
    await connect(firmB, v1);

    // Work goes only to connected vendors.
    const refused = await firmA.firmApi.call('POST', `/v1/matters/${firmA.matterId}/work-orders`, {
      vendorId: unconnected.id,
      workType: 'document-review',
      instructions: 'Should not be assigned',
      slaHours: 24,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('vendor_not_connected');

    const orderA = await assign(firmA, v1);
    const orderOfV2 = await assign(firmA, v2);
    const orderB = await assign(firmB, v1);

    // Each firm's work orders separately, and only the vendor's own.
    const list = await v1.api.call('GET', '/v1/vendor/work-orders');
    expect(list.status).toBe(200);
    const byFirm = new Map(
      (list.body.items as Array<{ firmId: string; workOrders: Array<{ id: string }> }>).map((item) => [
        item.firmId,
        item.workOrders.map((order) => order.id),
      ]),
    );
    expect(byFirm.get(firmA.firmId)).toEqual([orderA]);
    expect(byFirm.get(firmB.firmId)).toEqual([orderB]);

    const brief = await v1.api.call('GET', orderPath(firmA.firmId, orderA));
    expect(brief.status).toBe(200);
    expect(brief.body).toMatchObject({
      id: orderA,
      status: 'assigned',
      instructions: 'Privilege review of the 2019 custodian e-mails',
      matter: { id: firmA.matterId, title: 'Custodian review', number: expect.stringMatching(/\S/) },
      documentIds: [expect.any(String)],
    });

    // The day's cycle.
    for (const action of ['accept', 'start', 'submit'])
      expect((await vendorStep(v1, firmA.firmId, orderA, action)).status).toBe(200);
    const returned = await firmA.firmApi.call('POST', `/v1/work-orders/${orderA}/transitions`, {
      action: 'return',
      reasons: ['Attachments were not reviewed'],
    });
    expect(returned.status).toBe(200);
    const outcome = await v1.api.call('GET', orderPath(firmA.firmId, orderA));
    expect(outcome.body).toMatchObject({
      status: 'returned',
      returnReasons: ['Attachments were not reviewed'],
    });
    expect((await vendorStep(v1, firmA.firmId, orderA, 'submit')).status).toBe(200);
    const approved = await firmA.firmApi.call('POST', `/v1/work-orders/${orderA}/transitions`, {
      action: 'approve',
    });
    expect(approved.status).toBe(200);
    expect((await v1.api.call('GET', orderPath(firmA.firmId, orderA))).body).toMatchObject({
      status: 'accepted-by-firm',
      returnCount: 1,
    });
    // The vendor cannot take the firm's steps.
    expect((await vendorStep(v1, firmA.firmId, orderA, 'approve')).status).toBe(400);

    // Every vendor action is in the firm's trail with the vendor as actor.
    await eventually(async () => {
      const trail = await firmA.firmApi.call('GET', '/v1/audit?limit=200');
      const vendorChanges = (
        trail.body.items as Array<{ actorType: string; actorId: string; action: string }>
      ).filter(
        (record) =>
          record.actorType === 'vendor' &&
          record.actorId === v1.id &&
          record.action === 'work-order.transitioned',
      );
      return vendorChanges.length >= 4 ? true : undefined;
    });

    // Cross-tenant: V1 against V2's order and against firm B's order named under firm A (404); V2 against firm B (404).
    expect((await v1.api.call('GET', orderPath(firmA.firmId, orderOfV2))).status).toBe(404);
    expect((await vendorStep(v1, firmA.firmId, orderOfV2, 'accept')).status).toBe(404);
    expect((await v1.api.call('GET', orderPath(firmA.firmId, orderB))).status).toBe(404);
    expect((await v2.api.call('GET', orderPath(firmB.firmId, orderB))).status).toBe(404);
    expect((await vendorStep(v2, firmB.firmId, orderB, 'accept')).status).toBe(404);
    expect((await v2.api.call('GET', '/v1/vendor/work-orders')).body.items).toEqual([
      { firmId: firmA.firmId, workOrders: [expect.objectContaining({ id: orderOfV2 })] },
    ]);

    // A vendor token on firm routes, its own work order's firm route included: refused at the gateway.
    expect((await v1.api.call('GET', '/v1/matters')).body.code).toBe('vendor_not_permitted');
    const firmRoute = await v1.api.call('GET', `/v1/work-orders/${orderA}`);
    expect([firmRoute.status, firmRoute.body.code]).toEqual([403, 'vendor_not_permitted']);
    expect((await v1.api.call('GET', '/v1/vendor-connections')).status).toBe(403);
    expect((await v1.api.call('POST', `/v1/matters/${firmA.matterId}/work-orders`, {})).status).toBe(403);
    // A firm token on vendor routes: refused.
    expect((await firmA.firmApi.call('GET', '/v1/vendor/work-orders')).status).toBe(403);

    // Consent revoked mid-way: the open order is refused at the next request.
    const second = await assign(firmA, v1);
    expect((await vendorStep(v1, firmA.firmId, second, 'accept')).status).toBe(200);
    const revoked = await firmA.firmApi.call(
      'POST',
      `/v1/clients/${firmA.clientId}/consents/${firmA.consentId}/revoke`,
      {
        reason: 'Client withdrew consent',
      },
    );
    expect(revoked.status).toBe(200);
    const suspended = await eventually(async () => {
      const read = await v1.api.call('GET', orderPath(firmA.firmId, second));
      return read.status === 409 ? read : undefined;
    });
    expect(suspended.body.code).toBe('consent_revoked');
    const start = await vendorStep(v1, firmA.firmId, second, 'start');
    expect(start.status).toBe(409);
    expect(start.body.code).toBe('consent_revoked');

    // Disconnected: firm B's order is out of reach from the next request.
    expect((await v1.api.call('GET', orderPath(firmB.firmId, orderB))).status).toBe(200);
    const disconnected = await firmB.firmApi.call('DELETE', `/v1/vendor-connections/${v1.id}`);
    expect(disconnected.status).toBe(200);
    expect((await v1.api.call('GET', orderPath(firmB.firmId, orderB))).status).toBe(404);
    expect((await vendorStep(v1, firmB.firmId, orderB, 'accept')).status).toBe(404);
    const afterList = await v1.api.call('GET', '/v1/vendor/work-orders');
    expect((afterList.body.items as Array<{ firmId: string }>).map((item) => item.firmId)).toEqual([
      firmA.firmId,
    ]);
  }, 600_000);
});
