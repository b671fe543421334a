/** Documents generated from firm templates against real PostgreSQL and the broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocumentConfig } from '../config';
import { pdfWithPages } from '../test-files';

const BOUNDARY = 'templates-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('Documents from templates', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-templates-'));
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

  async function upload(client: CallerClient, matterId: string, fileName: string, content: Buffer) {
    const stored = await client.post(`/v1/matters/${matterId}/documents`, multipart(fileName, content), {
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    });
    expect(stored.status).toBe(201);
    return stored.body.id as string;
  }

  it("merges the matter's fields and the caller's values into a PDF filed in the matter, found by search", async () => {
    const caller = newCaller({ roles: ['paralegal'] });
    const client = serviceClient(app).as(caller);
    const templatesMatter = await publishMatterAndWait(app, producer, caller.firmId);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const marker = `engagement${randomBytes(3).toString('hex')}`;
    const template = await upload(
      client,
      templatesMatter,
      'letter.txt',
      Buffer.from(
        `Dear {{ fields.recipient }},\n\nRe: matter {{matter.number}} for client {{client.id}}.\n${marker} terms follow.\n`,
      ),
    );
    const generated = await client.post(`/v1/matters/${matterId}/generated-documents`, {
      templateDocumentId: template,
      title: 'Engagement letter',
      fields: { recipient: 'Ms. Jane Doe' },
    });
    expect(generated.status).toBe(201);
    expect(generated.body).toMatchObject({
      matterId,
      title: 'Engagement letter',
      currentVersion: 1,
      latest: { fileName: 'Engagement letter.pdf', mediaType: 'application/pdf', uploadedBy: caller.subject },
    });
    const content = await client.get(`/v1/documents/${generated.body.id}/content`);
    expect(content.status).toBe(200);
    expect(content.raw?.subarray(0, 5).toString()).toBe('%PDF-');

    // The PDF's text was extracted and indexed like an upload's: the merged values are in it.
    const found = await client.get(`/v1/documents/search?q=${marker}&matterId=${matterId}`);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0].documentId).toBe(generated.body.id);
    const recipient = await client.get(
      `/v1/documents/search?q=${encodeURIComponent(`"Jane Doe" ${marker}`)}`,
    );
    expect(recipient.body.items.map((hit: { documentId: string }) => hit.documentId)).toEqual([
      generated.body.id,
    ]);
    const templateCustody = await client.get(`/v1/documents/${template}/custody`);
    expect(templateCustody.body.items.map((event: { action: string }) => event.action)).toContain('exported');
  });

  it('refuses unknown fields, missing values, non-text templates and other firms’ templates, filing nothing', async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const template = await upload(client, matterId, 't.txt', Buffer.from('{{matter.secret}} {{fields.who}}'));
    const pdfTemplate = await upload(client, matterId, 't.pdf', await pdfWithPages(['{{matter.number}}']));
    const generate = (body: unknown) => client.post(`/v1/matters/${matterId}/generated-documents`, body);

    const unknown = await generate({ templateDocumentId: template, title: 'X' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('{{matter.secret}}');
    expect(JSON.stringify(unknown.body)).toContain('fields.who');
    const notText = await generate({ templateDocumentId: pdfTemplate, title: 'X' });
    expect(notText.status).toBe(400);
    expect(JSON.stringify(notText.body)).toContain('templateDocumentId');
    for (const [body, field] of [
      [{ templateDocumentId: template, title: 'X', fields: { who: 'a\u0000b' } }, 'fields.who'],
      [{ templateDocumentId: template, title: 'X', fields: { 'bad name': 'x' } }, 'fields'],
      [{ templateDocumentId: template, title: 'X', fields: { who: 5 } }, 'fields.who'],
      [{ templateDocumentId: template, title: 'a/b' }, 'title'],
      [{ templateDocumentId: 'nope', title: 'X' }, 'templateDocumentId'],
      [{ templateDocumentId: template, title: 'X', fields: null }, 'fields'],
    ] as const) {
      const response = await generate(body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    }
    const stranger = serviceClient(app).as(newCaller({ roles: ['attorney'] }));
    const theirMatter = await publishMatterAndWait(app, producer, stranger.caller.firmId);
    expect(
      (
        await stranger.post(`/v1/matters/${theirMatter}/generated-documents`, {
          templateDocumentId: template,
          title: 'X',
        })
      ).status,
    ).toBe(404);
    const listed = await client.get(`/v1/matters/${matterId}/documents`);
    expect(listed.body.items).toHaveLength(2);
  });
});
