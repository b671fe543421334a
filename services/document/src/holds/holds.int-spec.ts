/** Legal holds and destruction against real PostgreSQL and the broker: a held document is never destroyed. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { OutboxMessage } from '@lawfirm/messaging';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocumentConfig } from '../config';

const BOUNDARY = 'holds-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('Legal holds and destruction', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-holds-'));
    const config = loadConfig(DocumentConfig, {
      ...serviceTestEnv('document'),
      DOCUMENT_STORAGE_DIR: storageDir,
      DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64url'),
    });
    app = await bootService('document', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  async function matterWithDocument(): Promise<{
    client: CallerClient;
    matterId: string;
    documentId: string;
  }> {
    const caller = newCaller({ roles: ['attorney'] });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const stored = await client.post(
      `/v1/matters/${matterId}/documents`,
      multipart('memo.txt', Buffer.from('keep me')),
      {
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      },
    );
    await client.post(
      `/v1/documents/${stored.body.id}/versions`,
      multipart('memo.txt', Buffer.from('keep me too')),
      {
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      },
    );
    return { client, matterId, documentId: stored.body.id as string };
  }

  const blobsOf = (firmId: string): Promise<string[]> =>
    readdir(join(storageDir, 'blobs', firmId)).catch(() => []);

  it('refuses to destroy a document under hold, records and audits the attempt, and destroys it once released', async () => {
    const { client, matterId, documentId } = await matterWithDocument();
    const hold = await client.post(`/v1/matters/${matterId}/holds`, {
      reason: 'Preservation letter 2026-11-02',
    });
    expect(hold.status).toBe(201);

    const refused = await client.post(`/v1/documents/${documentId}/destruction`, {
      reason: 'Retention ended',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'document_under_hold', holdIds: [hold.body.id] });
    expect((await client.get(`/v1/documents/${documentId}/content`)).text).toBe('keep me too');
    expect(await blobsOf(client.caller.firmId)).toHaveLength(2);
    const custody = await client.get(`/v1/documents/${documentId}/custody`);
    expect(
      custody.body.items.find((event: { action: string }) => event.action === 'destruction-refused'),
    ).toMatchObject({
      action: 'destruction-refused',
      details: { holdIds: hold.body.id },
    });
    const audited = await withTenant(app.get(DataSource), client.caller.firmId, (manager) =>
      manager.getRepository(OutboxMessage).find(),
    );
    expect(
      audited.filter(
        (message) => (message.envelope.data as { action?: string }).action === 'document.destruction-refused',
      ),
    ).toHaveLength(1);

    expect((await client.post(`/v1/holds/${hold.body.id}/release`)).body.releasedBy).toBe(
      client.caller.subject,
    );
    expect((await client.post(`/v1/holds/${hold.body.id}/release`)).body.code).toBe('hold_already_released');
    const destroyed = await client.post(`/v1/documents/${documentId}/destruction`, {
      reason: 'Retention ended',
    });
    expect(destroyed.status).toBe(201);
    expect(destroyed.body).toMatchObject({
      documentId,
      matterId,
      versions: 2,
      reason: 'Retention ended',
      destroyedBy: client.caller.subject,
    });
    expect(await blobsOf(client.caller.firmId)).toEqual([]);
    expect((await client.get(`/v1/documents/${documentId}`)).status).toBe(404);
    expect((await client.get(`/v1/matters/${matterId}/documents`)).body.items).toEqual([]);
    expect((await client.get(`/v1/matters/${matterId}/destructions`)).body.items).toEqual([destroyed.body]);
    expect((await client.get(`/v1/matters/${matterId}/holds`)).body.items).toHaveLength(1);
  });

  it('never destroys while any of several holds stands', async () => {
    const { client, matterId, documentId } = await matterWithDocument();
    const first = await client.post(`/v1/matters/${matterId}/holds`, { reason: 'Hold one' });
    await client.post(`/v1/matters/${matterId}/holds`, { reason: 'Hold two' });
    await client.post(`/v1/holds/${first.body.id}/release`);
    const refused = await client.post(`/v1/documents/${documentId}/destruction`, { reason: 'Cleanup' });
    expect(refused.status).toBe(409);
    expect(refused.body.holdIds).toHaveLength(1);
    expect(await blobsOf(client.caller.firmId)).toHaveLength(2);
  });

  it('answers 404 to another firm, refuses bad input and roles that may not', async () => {
    const { client, matterId, documentId } = await matterWithDocument();
    const hold = await client.post(`/v1/matters/${matterId}/holds`, { reason: 'Hold' });
    const outsider = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    const answers = await Promise.all([
      outsider.post(`/v1/matters/${matterId}/holds`, { reason: 'Mine' }),
      outsider.get(`/v1/matters/${matterId}/holds`),
      outsider.post(`/v1/holds/${hold.body.id}/release`),
      outsider.post(`/v1/documents/${documentId}/destruction`, { reason: 'x' }),
      outsider.get(`/v1/matters/${matterId}/destructions`),
    ]);
    for (const answer of answers) expect(answer.status).toBe(404);
    for (const body of [{ reason: '' }, { reason: null }, { reason: 'nul\u0000' }, {}])
      expect((await client.post(`/v1/matters/${matterId}/holds`, body)).status).toBe(400);
    const paralegal = serviceClient(app).as(colleagueOf(client.caller, ['paralegal']));
    expect((await paralegal.post(`/v1/holds/${hold.body.id}/release`)).status).toBe(403);
    expect((await paralegal.post(`/v1/documents/${documentId}/destruction`, { reason: 'x' })).status).toBe(
      403,
    );
    expect((await client.get(`/v1/matters/${matterId}/holds`)).body.items[0].releasedAt).toBeNull();
  });

  it('lets exactly one of twenty concurrent destructions through', async () => {
    const { client, documentId } = await matterWithDocument();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post(`/v1/documents/${documentId}/destruction`, { reason: 'Retention ended' }),
      ),
    );
    expect(
      answers.map((answer) => [answer.status, answer.body.code]).filter(([status]) => status !== 404),
    ).toEqual([[201, undefined]]);
    expect(answers.filter((answer) => answer.status === 404)).toHaveLength(19);
  });
});
