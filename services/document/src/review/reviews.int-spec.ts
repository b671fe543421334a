/** Review coding, bulk coding and the privilege log against real PostgreSQL and the broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
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

const BOUNDARY = 'review-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const PRIVILEGED = {
  relevance: 'relevant',
  responsive: true,
  privilegeTypes: ['attorney-client', 'work-product'],
  privilegeTreatment: 'withheld',
  privilegeDescription: 'E-mail seeking legal advice on the supply agreement',
  author: 'J. Doe (in-house counsel)',
  recipients: ['A. Smith', 'B. Jones'],
  documentDate: '2026-03-14',
  confidentiality: 'highly-confidential-aeo',
  issueCodes: ['CONTRACT', 'NOTICE'],
};

describe('Document review', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-review-'));
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
    const caller = newCaller({ roles: ['paralegal'] });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const stored = await client.post(
        `/v1/matters/${matterId}/documents`,
        multipart(`doc-${index}.txt`, Buffer.from(`document ${index}`)),
        { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } },
      );
      expect(stored.status).toBe(201);
      ids.push(stored.body.id as string);
    }
    return { client, matterId, ids };
  }

  it('codes a document with its reviewer and date, and puts the coding on its custody log', async () => {
    const { client, ids } = await matterWithDocuments(1);
    const coded = await client.put(`/v1/documents/${ids[0]}/review`, PRIVILEGED);
    expect(coded.status).toBe(200);
    expect(coded.body).toMatchObject({
      ...PRIVILEGED,
      documentId: ids[0],
      reviewedBy: client.caller.subject,
    });
    expect((await client.get(`/v1/documents/${ids[0]}/review`)).body).toEqual(coded.body);

    // PUT replaces: what is left out is cleared.
    const recoded = await client.put(`/v1/documents/${ids[0]}/review`, { relevance: 'not-relevant' });
    expect(recoded.body).toMatchObject({
      relevance: 'not-relevant',
      privilegeTypes: [],
      issueCodes: [],
      responsive: null,
    });
    const custody = await client.get(`/v1/documents/${ids[0]}/custody`);
    expect(custody.body.items.map((event: { action: string }) => event.action)).toEqual([
      'uploaded',
      'tagged',
      'tagged',
    ]);
    expect(custody.body.items[1].details).toMatchObject({
      privilegeTypes: 'attorney-client;work-product',
      issueCodes: 'CONTRACT;NOTICE',
    });
  });

  it('writes the privilege log with every FRCP 26(b)(5)(A) column, privileged documents only', async () => {
    const { client, matterId, ids } = await matterWithDocuments(3);
    await client.put(`/v1/documents/${ids[0]}/review`, PRIVILEGED);
    await client.put(`/v1/documents/${ids[1]}/review`, {
      privilegeTypes: ['common-interest'],
      privilegeTreatment: 'redacted',
      privilegeDescription: 'Joint defence memo, settlement figures redacted',
      documentDate: '2026-01-05',
    });
    await client.put(`/v1/documents/${ids[2]}/review`, { relevance: 'relevant', responsive: true });
    // The redacted document went out in a production: the log names its Bates number.
    const attorney = serviceClient(app).as(colleagueOf(client.caller, ['attorney']));
    await attorney.put(`/v1/matters/${matterId}/bates`, { prefix: 'PRIV', padding: 4 });
    await attorney.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 1',
      documentIds: [ids[2], ids[1]],
    });

    const log = await client.get(`/v1/matters/${matterId}/privilege-log.csv`);
    expect(log.status).toBe(200);
    expect(log.headers['content-type']).toContain('text/csv');
    const rows = parse(log.text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      {
        Date: '2026-01-05',
        'Document type': 'Text document',
        Author: '',
        Recipients: '',
        Description: 'Joint defence memo, settlement figures redacted',
        'Privilege basis': 'common-interest',
        'Withheld/Redacted': 'redacted',
        'Bates range': 'PRIV0002',
        'Document id': ids[1],
      },
      {
        Date: '2026-03-14',
        'Document type': 'Text document',
        Author: 'J. Doe (in-house counsel)',
        Recipients: 'A. Smith; B. Jones',
        Description: 'E-mail seeking legal advice on the supply agreement',
        'Privilege basis': 'attorney-client; work-product',
        'Withheld/Redacted': 'withheld',
        'Bates range': '',
        'Document id': ids[0],
      },
    ]);
    const custody = await client.get(`/v1/documents/${ids[0]}/custody`);
    expect(custody.body.items.at(-1)).toMatchObject({
      action: 'exported',
      details: { what: 'privilege log' },
    });
  });

  it('codes many documents at once, or none when one is not of the matter', async () => {
    const { client, matterId, ids } = await matterWithDocuments(3);
    const other = await publishMatterAndWait(app, producer, client.caller.firmId);
    const bulk = await client.post(`/v1/matters/${matterId}/reviews`, {
      documentIds: ids,
      coding: { responsive: true, issueCodes: ['DAMAGES'] },
    });
    expect(bulk.status).toBe(201);
    expect(bulk.body).toEqual({ coded: 3 });
    for (const id of ids)
      expect((await client.get(`/v1/documents/${id}/review`)).body).toMatchObject({
        responsive: true,
        issueCodes: ['DAMAGES'],
      });

    const refused = await client.post(`/v1/matters/${other}/reviews`, {
      documentIds: [ids[0]],
      coding: { responsive: false },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'documentIds[0]', message: 'documentIds[0] is not a document of this matter' },
    ]);
    expect((await client.get(`/v1/documents/${ids[0]}/review`)).body.responsive).toBe(true);
  });

  it('refuses incomplete privilege calls and bad coding, changing nothing', async () => {
    const { client, matterId, ids } = await matterWithDocuments(1);
    const refusals = await Promise.all([
      client.put(`/v1/documents/${ids[0]}/review`, { privilegeTypes: ['attorney-client'] }),
      client.put(`/v1/documents/${ids[0]}/review`, { privilegeTreatment: 'withheld' }),
      client.put(`/v1/documents/${ids[0]}/review`, { relevance: 'maybe' }),
      client.put(`/v1/documents/${ids[0]}/review`, { issueCodes: ['bad code\u0000'] }),
      client.put(`/v1/documents/${ids[0]}/review`, { responsive: null }),
      client.put(`/v1/documents/${ids[0]}/review`, { documentDate: '2026-13-01' }),
      client.post(`/v1/matters/${matterId}/reviews`, { documentIds: [], coding: {} }),
      client.post(`/v1/matters/${matterId}/reviews`, {
        documentIds: ids,
        coding: { privilegeTypes: ['work-product'] },
      }),
    ]);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(400);
      expect(refusal.body.errors.length).toBeGreaterThan(0);
    }
    expect(refusals[0]?.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'privilegeTreatment',
      'privilegeDescription',
    ]);
    expect((await client.get(`/v1/documents/${ids[0]}/review`)).status).toBe(404);
  });

  it('answers 404 to another firm on every review route, and a read-only colleague may not code', async () => {
    const { client, matterId, ids } = await matterWithDocuments(1);
    await client.put(`/v1/documents/${ids[0]}/review`, PRIVILEGED);
    const outsider = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));
    const answers = await Promise.all([
      outsider.put(`/v1/documents/${ids[0]}/review`, { relevance: 'relevant' }),
      outsider.get(`/v1/documents/${ids[0]}/review`),
      outsider.post(`/v1/matters/${matterId}/reviews`, { documentIds: ids, coding: {} }),
      outsider.get(`/v1/matters/${matterId}/privilege-log.csv`),
      outsider.get(`/v1/documents/${randomUUID()}/review`),
    ]);
    for (const answer of answers) expect(answer.status).toBe(404);
    const reader = serviceClient(app).as(colleagueOf(client.caller, ['read-only']));
    expect((await reader.put(`/v1/documents/${ids[0]}/review`, { relevance: 'relevant' })).status).toBe(403);
    expect((await client.get(`/v1/documents/${ids[0]}/review`)).body.relevance).toBe('relevant');
  });
});
