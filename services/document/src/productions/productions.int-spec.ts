/** Bates numbering and productions against real PostgreSQL and the broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const BOUNDARY = 'production-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('Productions', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-productions-'));
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

  async function matterWithDocuments(
    count: number,
  ): Promise<{ client: CallerClient; matterId: string; ids: string[] }> {
    const caller = newCaller({ roles: ['attorney'] });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const stored = await client.post(
        `/v1/matters/${matterId}/documents`,
        multipart(`doc-${index}.txt`, Buffer.from(`document ${index}`)),
        { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } },
      );
      ids.push(stored.body.id as string);
    }
    return { client, matterId, ids };
  }

  it('stamps a production with consecutive padded numbers and continues the next one where it ended', async () => {
    const { client, matterId, ids } = await matterWithDocuments(3);
    expect(
      (await client.post(`/v1/matters/${matterId}/productions`, { name: 'Vol 1', documentIds: ids })).body
        .code,
    ).toBe('bates_not_configured');
    const settings = await client.put(`/v1/matters/${matterId}/bates`, { prefix: 'ACME', padding: 6 });
    expect(settings.body).toEqual({ matterId, prefix: 'ACME', padding: 6, nextNumber: 1 });

    const first = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 1',
      documentIds: ids,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ firstBates: 'ACME000001', lastBates: 'ACME000003' });
    expect(
      first.body.documents.map((document: { documentId: string; batesStart: string }) => [
        document.documentId,
        document.batesStart,
      ]),
    ).toEqual([
      [ids[0], 'ACME000001'],
      [ids[1], 'ACME000002'],
      [ids[2], 'ACME000003'],
    ]);
    const second = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 2',
      documentIds: [ids[1]],
    });
    expect(second.body).toMatchObject({ firstBates: 'ACME000004', lastBates: 'ACME000004' });
    expect((await client.get(`/v1/productions/${first.body.id}`)).body).toEqual(first.body);
    const custody = await client.get(`/v1/documents/${ids[1]}/custody`);
    expect(
      custody.body.items
        .filter((event: { action: string }) => event.action === 'produced')
        .map((event: { details: { bates: string } }) => event.details.bates),
    ).toEqual(['ACME000002', 'ACME000004']);
  });

  it('gives twenty concurrent productions disjoint consecutive ranges with no gap and no duplicate', async () => {
    const { client, matterId, ids } = await matterWithDocuments(3);
    await client.put(`/v1/matters/${matterId}/bates`, { prefix: 'RACE', padding: 4 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        client.post(`/v1/matters/${matterId}/productions`, { name: `Vol ${index}`, documentIds: ids }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    const numbers = answers
      .flatMap((answer) =>
        answer.body.documents.map((document: { batesStart: string }) => Number(document.batesStart.slice(4))),
      )
      .sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    for (const answer of answers) {
      const own = answer.body.documents.map((document: { batesStart: string }) =>
        Number(document.batesStart.slice(4)),
      );
      expect(own).toEqual([own[0], own[0] + 1, own[0] + 2]);
    }
  });

  it('stamps nothing when one document is not of the matter, and refuses bad input', async () => {
    const { client, matterId, ids } = await matterWithDocuments(2);
    await client.put(`/v1/matters/${matterId}/bates`, { prefix: 'ALL', padding: 3 });
    const refused = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 1',
      documentIds: [ids[0], randomUUID()],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'documentIds[1]', message: 'documentIds[1] is not a document of this matter' },
    ]);
    const bad = await Promise.all([
      client.put(`/v1/matters/${matterId}/bates`, { prefix: 'lower', padding: 6 }),
      client.put(`/v1/matters/${matterId}/bates`, { prefix: 'OK', padding: 0 }),
      client.put(`/v1/matters/${matterId}/bates`, { prefix: null, padding: 6 }),
      client.post(`/v1/matters/${matterId}/productions`, { name: 'x\u0000', documentIds: ids }),
      client.post(`/v1/matters/${matterId}/productions`, { name: 'Vol', documentIds: [] }),
      client.post(`/v1/matters/${matterId}/productions`, { name: 'Vol', documentIds: [ids[0], ids[0]] }),
    ]);
    for (const answer of bad) expect(answer.status).toBe(400);
    const next = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 1',
      documentIds: ids,
    });
    expect(next.body.firstBates).toBe('ALL001');
  });

  it('answers 404 to another firm and 403 to a paralegal', async () => {
    const { client, matterId, ids } = await matterWithDocuments(1);
    await client.put(`/v1/matters/${matterId}/bates`, { prefix: 'ISO', padding: 5 });
    const production = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 1',
      documentIds: ids,
    });
    const outsider = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    const answers = await Promise.all([
      outsider.put(`/v1/matters/${matterId}/bates`, { prefix: 'MINE', padding: 5 }),
      outsider.post(`/v1/matters/${matterId}/productions`, { name: 'Vol', documentIds: ids }),
      outsider.get(`/v1/productions/${production.body.id}`),
    ]);
    for (const answer of answers) expect(answer.status).toBe(404);
    const paralegal = serviceClient(app).as(colleagueOf(client.caller, ['paralegal']));
    expect(
      (await paralegal.post(`/v1/matters/${matterId}/productions`, { name: 'Vol', documentIds: ids })).status,
    ).toBe(403);
    expect((await client.get(`/v1/productions/${production.body.id}`)).body.firstBates).toBe('ISO00001');
  });
});
