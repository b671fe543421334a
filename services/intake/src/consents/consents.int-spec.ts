/** Outsourcing consents against real PostgreSQL and the broker: recorded, listed, revoked once, published, firm-scoped. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { FirmRole } from '@lawfirm/auth';
import { TOPICS } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  createClient,
  eventually,
  newCaller,
  newFirmId,
  serviceClient,
  type CallerClient,
  type TestCaller,
  parseJsonMessage,
  serviceTestEnv,
  testKafka,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { IntakeConfig } from '../config';
import { ConsentService } from './consent.service';

interface SeenEvent {
  type: string;
  firmId: string;
  aggregateId: string;
  data: {
    consentId: string;
    clientId: string;
    scopes?: string[];
    vendorIds?: string[];
    givenOn?: string;
    reason?: string;
    revokedAt?: string;
  };
}

describe('Consents', () => {
  let app: NestFastifyApplication;
  let consumer: Consumer;
  const seen: SeenEvent[] = [];
  const vendor = randomUUID();
  const grant = {
    scopes: ['document-review', 'billing'],
    givenOn: '2024-01-15',
    method: 'engagement-letter',
    documentRef: 'DMS-42',
  };

  beforeAll(async () => {
    const config = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    app = await bootService('intake', (logger) => AppModule.register(config, logger));
    consumer = testKafka().consumer({
      groupId: `consents-spec-${randomUUID()}`,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.intakeConsent.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = parseJsonMessage<SeenEvent>(message.value);
        if (event) seen.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await app?.close();
  });

  /** The firm's caller (one person per firm across a test), or a colleague with other roles. */
  const callers = new Map<string, TestCaller>();
  function intakeAs(firmId: string, roles?: FirmRole[]): CallerClient {
    const caller = callers.get(firmId) ?? newCaller({ firmId });
    callers.set(firmId, caller);
    return serviceClient(app).as(roles ? colleagueOf(caller, roles) : caller);
  }

  async function newClient(firmId: string, name = 'Acme Corporation'): Promise<string> {
    return (await createClient(intakeAs(firmId), { kind: 'company', name })).id;
  }

  function eventOf(firmId: string, type: string, consentId: string): Promise<SeenEvent> {
    return eventually(async () =>
      seen.find(
        (event) => event.firmId === firmId && event.type === type && event.data.consentId === consentId,
      ),
    );
  }

  it('records a consent, lists it as active and publishes intake.consent.granted', async () => {
    const firm = newFirmId();
    const clientId = await newClient(firm);

    const granted = await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, {
      ...grant,
      vendorIds: [vendor],
    });

    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      clientId,
      scopes: ['document-review', 'billing'],
      vendorIds: [vendor],
      givenOn: '2024-01-15',
      method: 'engagement-letter',
      documentRef: 'DMS-42',
      status: 'active',
      revokedAt: null,
      revokedBy: null,
      revocationReason: null,
    });
    expect(granted.body.grantedBy).toEqual(expect.any(String));
    const listed = await intakeAs(firm).get(`/v1/clients/${clientId}/consents`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ items: [granted.body], nextCursor: null });

    const event = await eventOf(firm, 'intake.consent.granted', granted.body.id);
    expect(event.aggregateId).toBe(granted.body.id);
    expect(event.data).toEqual({
      consentId: granted.body.id,
      clientId,
      scopes: ['document-review', 'billing'],
      vendorIds: [vendor],
      givenOn: '2024-01-15',
      method: 'engagement-letter',
      documentRef: 'DMS-42',
    });
  });

  it('revokes a consent once, keeps it on record and publishes intake.consent.revoked', async () => {
    const firm = newFirmId();
    const clientId = await newClient(firm);
    const consent = (await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, grant)).body;
    expect(consent.vendorIds).toBeNull();

    const revoked = await intakeAs(firm).post(`/v1/clients/${clientId}/consents/${consent.id}/revoke`, {
      reason: 'Client withdrew consent',
    });

    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      id: consent.id,
      status: 'revoked',
      revocationReason: 'Client withdrew consent',
    });
    expect(Date.parse(revoked.body.revokedAt)).not.toBeNaN();
    expect(revoked.body.revokedBy).toEqual(expect.any(String));
    expect((await intakeAs(firm).get(`/v1/clients/${clientId}/consents`)).body.items).toEqual([]);
    const history = await intakeAs(firm).get(`/v1/clients/${clientId}/consents?includeRevoked=true`);
    expect(history.body.items).toEqual([revoked.body]);

    const event = await eventOf(firm, 'intake.consent.revoked', consent.id);
    expect(event.data).toEqual({
      consentId: consent.id,
      clientId,
      revokedAt: revoked.body.revokedAt,
      reason: 'Client withdrew consent',
    });

    const again = await intakeAs(firm).post(`/v1/clients/${clientId}/consents/${consent.id}/revoke`, {
      reason: 'Twice',
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body.code).toBe('consent_already_revoked');
    const afterRefusal = await intakeAs(firm).get(`/v1/clients/${clientId}/consents?includeRevoked=true`);
    expect(afterRefusal.body.items).toEqual([revoked.body]);
  });

  it('pages newest first', async () => {
    const firm = newFirmId();
    const clientId = await newClient(firm);
    const ids: string[] = [];
    for (const scope of ['research', 'drafting', 'transcription']) {
      ids.push(
        (await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, { ...grant, scopes: [scope] })).body
          .id,
      );
    }

    const first = await intakeAs(firm).get(`/v1/clients/${clientId}/consents?limit=2`);
    const second = await intakeAs(firm).get(
      `/v1/clients/${clientId}/consents?limit=2&cursor=${first.body.nextCursor}`,
    );

    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("answers 404 for another firm's client and its consents, and changes nothing", async () => {
    const [firmA, firmB] = [newFirmId(), newFirmId()];
    const clientId = await newClient(firmA);
    const consent = (await intakeAs(firmA).post(`/v1/clients/${clientId}/consents`, grant)).body;

    const grantOther = await intakeAs(firmB).post(`/v1/clients/${clientId}/consents`, grant);
    const listOther = await intakeAs(firmB).get(`/v1/clients/${clientId}/consents?includeRevoked=true`);
    const revokeOther = await intakeAs(firmB).post(`/v1/clients/${clientId}/consents/${consent.id}/revoke`, {
      reason: 'Not ours',
    });

    for (const refused of [grantOther, listOther, revokeOther]) {
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('client_not_found');
    }
    expect((await intakeAs(firmA).get(`/v1/clients/${clientId}/consents`)).body.items).toEqual([consent]);
    const unknownConsent = await intakeAs(firmA).post(
      `/v1/clients/${clientId}/consents/${randomUUID()}/revoke`,
      { reason: 'Who?' },
    );
    expect(unknownConsent.status).toBe(404);
    expect(unknownConsent.body.code).toBe('consent_not_found');
    expect((await intakeAs(firmA).get(`/v1/clients/${randomUUID()}/consents`)).status).toBe(404);
  });

  it.each([
    ['an unknown scope', { scopes: ['document-review', 'everything'] }, 'scopes'],
    ['no scopes', { scopes: [] }, 'scopes'],
    ['a repeated scope', { scopes: ['billing', 'billing'] }, 'scopes'],
    ['a date in the future', { givenOn: '2999-01-01' }, 'givenOn'],
    ['a date that does not exist', { givenOn: '2026-02-30' }, 'givenOn'],
    ['an unknown method', { method: 'telepathy' }, 'method'],
    ['a vendor id that is not a UUID', { vendorIds: ['acme-lpo'] }, 'vendorIds'],
  ])('refuses %s with 400 naming the field and stores nothing', async (_case, change, field) => {
    const firm = newFirmId();
    const clientId = await newClient(firm);

    const refused = await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, { ...grant, ...change });

    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([{ field, message: expect.any(String) }]);
    expect(
      (await intakeAs(firm).get(`/v1/clients/${clientId}/consents?includeRevoked=true`)).body.items,
    ).toEqual([]);
  });

  it('refuses a revocation without a reason and leaves the consent active', async () => {
    const firm = newFirmId();
    const clientId = await newClient(firm);
    const consent = (await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, grant)).body;

    const refused = await intakeAs(firm).post(`/v1/clients/${clientId}/consents/${consent.id}/revoke`, {
      reason: ' x ',
    });

    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'reason', message: 'reason must be between 3 and 1000 characters' },
    ]);
    expect((await intakeAs(firm).get(`/v1/clients/${clientId}/consents`)).body.items).toEqual([consent]);
  });

  it('lets only firm admins and attorneys record or revoke consent', async () => {
    const firm = newFirmId();
    const clientId = await newClient(firm);

    const refused = await intakeAs(firm, ['paralegal', 'billing']).post(
      `/v1/clients/${clientId}/consents`,
      grant,
    );
    const read = await intakeAs(firm, ['paralegal']).get(`/v1/clients/${clientId}/consents`);

    expect(refused.status).toBe(403);
    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([]);
  });

  it('answers activeConsentFor from the stored consents of the firm', async () => {
    const firm = newFirmId();
    const clientId = await newClient(firm);
    const specific = (
      await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, {
        ...grant,
        scopes: ['e-discovery'],
        vendorIds: [vendor],
      })
    ).body;
    await intakeAs(firm).post(`/v1/clients/${clientId}/consents`, { ...grant, scopes: ['research'] });
    const consents = app.get(ConsentService);
    const dataSource = app.get(DataSource);
    const covered = (scope: 'e-discovery' | 'research' | 'billing', vendorId?: string, firmId = firm) =>
      withTenant(dataSource, firmId, (manager) =>
        consents.activeConsentFor(manager, clientId, scope, vendorId),
      );

    expect(await covered('e-discovery', vendor)).toBe(true);
    expect(await covered('e-discovery', randomUUID())).toBe(false);
    expect(await covered('research', randomUUID())).toBe(true);
    expect(await covered('billing', vendor)).toBe(false);
    expect(await covered('research', vendor, newFirmId())).toBe(false);

    await intakeAs(firm).post(`/v1/clients/${clientId}/consents/${specific.id}/revoke`, {
      reason: 'Vendor contract ended',
    });
    expect(await covered('e-discovery', vendor)).toBe(false);
  });
});
