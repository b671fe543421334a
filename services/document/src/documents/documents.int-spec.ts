/** Documents against real PostgreSQL and the broker: upload, versions, download, encryption at rest, custody. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { OutboxMessage } from '@lawfirm/messaging';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  newCaller,
  colleagueOf,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type CallerClient,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { DocumentConfig } from '../config';

const BOUNDARY = 'lawfirm-test-boundary';
const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

function multipart(fileName: string, content: Buffer, partName = 'file'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${partName}"; filename="${fileName}"\r\n` +
        'Content-Type: application/x-claimed-by-client\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const sha256 = (content: Buffer | string): string => createHash('sha256').update(content).digest('hex');
const PDF = Buffer.from(
  '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

describe('Documents', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-int-'));
    const config = loadConfig(DocumentConfig, {
      ...serviceTestEnv('document'),
      DOCUMENT_STORAGE_DIR: storageDir,
      DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64url'),
      DOCUMENT_MAX_UPLOAD_BYTES: String(256 * 1024),
    });
    app = await bootService('document', (logger) => AppModule.register(config, logger));
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  async function firmWithMatter(): Promise<{ client: CallerClient; matterId: string }> {
    const caller = newCaller({ roles: ['attorney'] });
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    return { client: serviceClient(app).as(caller), matterId };
  }

  const upload = (client: CallerClient, url: string, fileName: string, content: Buffer) =>
    client.post(url, multipart(fileName, content), { headers: MULTIPART });

  it('stores an upload encrypted, keeps every version, and gives each back verified', async () => {
    const { client, matterId } = await firmWithMatter();
    const folder = await client.post(`/v1/matters/${matterId}/folders`, { name: 'Pleadings' });
    expect(folder.status).toBe(201);
    expect(folder.body.path).toBe('/Pleadings');

    const first = await upload(
      client,
      `/v1/matters/${matterId}/documents?folderId=${folder.body.id}`,
      'complaint.pdf',
      PDF,
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      matterId,
      folderId: folder.body.id,
      title: 'complaint.pdf',
      currentVersion: 1,
      latest: {
        version: 1,
        fileName: 'complaint.pdf',
        sizeBytes: PDF.length,
        mediaType: 'application/pdf',
        sha256: sha256(PDF),
        uploadedBy: client.caller.subject,
        uploaderType: 'user',
      },
    });
    const documentId = first.body.id as string;

    const amended = Buffer.from('Amended complaint, plain text this time.\n');
    const second = await upload(client, `/v1/documents/${documentId}/versions`, 'complaint-v2.txt', amended);
    expect(second.status).toBe(201);
    expect(second.body.currentVersion).toBe(2);
    expect(second.body.latest).toMatchObject({
      version: 2,
      mediaType: 'text/plain',
      sha256: sha256(amended),
    });

    const versions = await client.get(`/v1/documents/${documentId}/versions`);
    expect(versions.body.items.map((version: { version: number }) => version.version)).toEqual([1, 2]);

    const current = await client.get(`/v1/documents/${documentId}/content`);
    expect(current.status).toBe(200);
    expect(current.headers['content-type']).toBe('text/plain');
    expect(current.text).toBe(amended.toString());
    const original = await client.get(`/v1/documents/${documentId}/content?version=1`);
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toBe('application/pdf');
    expect(original.text).toBe(PDF.toString());

    // Nothing in the store is plaintext.
    const blobs = await readdir(join(storageDir, 'blobs', client.caller.firmId));
    expect(blobs).toHaveLength(2);
    for (const blob of blobs) {
      const stored = await readFile(join(storageDir, 'blobs', client.caller.firmId, blob));
      expect(stored.includes(Buffer.from('%PDF'))).toBe(false);
      expect(stored.includes(Buffer.from('Amended complaint'))).toBe(false);
    }

    const listed = await client.get(`/v1/matters/${matterId}/documents?folderId=${folder.body.id}`);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].latest.version).toBe(2);

    // The upload's event and audit record went out with it.
    const outbox = await withTenant(app.get(DataSource), client.caller.firmId, (manager) =>
      manager.getRepository(OutboxMessage).find({ where: { messageKey: documentId } }),
    );
    expect(outbox.map((message) => message.envelope.type).sort()).toEqual([
      'document.document.uploaded',
      'document.document.uploaded',
    ]);
  });

  it('refuses a tampered blob with problem+json, and records and audits the attempt', async () => {
    const { client, matterId } = await firmWithMatter();
    const stored = await upload(client, `/v1/matters/${matterId}/documents`, 'memo.txt', randomBytes(20_000));
    const versionId = stored.body.latest.id as string;
    const path = join(storageDir, 'blobs', client.caller.firmId, versionId);
    const blob = await readFile(path);
    blob[10_000] = (blob[10_000] as number) ^ 0x01;
    await writeFile(path, blob);

    const refused = await client.get(`/v1/documents/${stored.body.id}/content`);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('document_integrity_failed');

    const custody = await client.get(`/v1/documents/${stored.body.id}/custody`);
    expect(custody.body.items.map((event: { action: string }) => event.action)).toEqual([
      'uploaded',
      'integrity-failed',
    ]);
    expect(custody.body.items[1]).toMatchObject({ versionId, details: { reason: 'auth-tag', version: 1 } });
    const audited = await withTenant(app.get(DataSource), client.caller.firmId, (manager) =>
      manager.getRepository(OutboxMessage).find(),
    );
    expect(
      audited.filter(
        (message) =>
          message.envelope.type === 'audit.recorded' &&
          (message.envelope.data as { action: string }).action === 'document.integrity-failed',
      ),
    ).toHaveLength(1);
  });

  it('rotates the firm key without re-encrypting content, and every version still opens', async () => {
    const { client, matterId } = await firmWithMatter();
    const contents = ['first '.repeat(1_000), 'second '.repeat(1_500), 'third'].map((text) =>
      Buffer.from(text),
    );
    const ids: string[] = [];
    for (const [index, content] of contents.entries())
      ids.push((await upload(client, `/v1/matters/${matterId}/documents`, `f${index}.bin`, content)).body.id);
    const blobsBefore = await Promise.all(
      ids.map(async (id) => {
        const versionId = (await client.get(`/v1/documents/${id}`)).body.latest.id as string;
        return readFile(join(storageDir, 'blobs', client.caller.firmId, versionId));
      }),
    );

    const admin = serviceClient(app).as(colleagueOf(client.caller, ['firm-admin']));
    const rotated = await admin.post('/v1/document-keys/rotation');
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({ firmKeyVersion: 2, rewrappedVersions: 3 });
    expect((await admin.post('/v1/document-keys/rotation')).body).toEqual({
      firmKeyVersion: 3,
      rewrappedVersions: 3,
    });
    expect((await client.post('/v1/document-keys/rotation')).status).toBe(403);

    for (const [index, id] of ids.entries()) {
      const versionId = (await client.get(`/v1/documents/${id}`)).body.latest.id as string;
      const blobAfter = await readFile(join(storageDir, 'blobs', client.caller.firmId, versionId));
      expect(blobAfter.equals(blobsBefore[index] as Buffer)).toBe(true);
      const content = await client.get(`/v1/documents/${id}/content`);
      expect(content.status).toBe(200);
      expect(content.text).toBe((contents[index] as Buffer).toString());
    }
  });

  it('records who viewed, downloaded and exported a document, and exports the chain as CSV', async () => {
    const { client, matterId } = await firmWithMatter();
    const stored = await upload(
      client,
      `/v1/matters/${matterId}/documents`,
      'note.txt',
      Buffer.from('hello'),
    );
    const documentId = stored.body.id as string;
    const paralegal = serviceClient(app).as(colleagueOf(client.caller, ['paralegal']));
    await paralegal.get(`/v1/documents/${documentId}`);
    await paralegal.get(`/v1/documents/${documentId}/content`);

    const csv = await client.get(`/v1/documents/${documentId}/custody.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('occurredAt,action,versionId,actorType,actorId,requestId,clientAddress,details');
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual([
      'uploaded',
      'viewed',
      'downloaded',
      'exported',
    ]);
    expect(lines[2]).toContain(paralegal.caller.subject);

    const page = await client.get(`/v1/documents/${documentId}/custody?limit=2`);
    expect(page.body.items.map((event: { action: string }) => event.action)).toEqual(['uploaded', 'viewed']);
    const next = await client.get(
      `/v1/documents/${documentId}/custody?limit=2&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.items.map((event: { action: string }) => event.action)).toEqual([
      'downloaded',
      'exported',
    ]);
  });

  it('answers 404 to another firm on every route, and shows it nothing', async () => {
    const { client, matterId } = await firmWithMatter();
    const folder = await client.post(`/v1/matters/${matterId}/folders`, { name: 'Discovery' });
    const stored = await upload(client, `/v1/matters/${matterId}/documents`, 'a.txt', Buffer.from('secret'));
    const documentId = stored.body.id as string;
    const outsider = serviceClient(app).as(newCaller({ roles: ['firm-admin'] }));

    const answers = await Promise.all([
      outsider.post(`/v1/matters/${matterId}/folders`, { name: 'Mine' }),
      outsider.get(`/v1/matters/${matterId}/folders`),
      upload(outsider, `/v1/matters/${matterId}/documents`, 'b.txt', Buffer.from('x')),
      upload(
        outsider,
        `/v1/matters/${matterId}/documents?folderId=${folder.body.id}`,
        'b.txt',
        Buffer.from('x'),
      ),
      outsider.get(`/v1/matters/${matterId}/documents`),
      outsider.get(`/v1/documents/${documentId}`),
      upload(outsider, `/v1/documents/${documentId}/versions`, 'c.txt', Buffer.from('y')),
      outsider.get(`/v1/documents/${documentId}/versions`),
      outsider.get(`/v1/documents/${documentId}/content`),
      outsider.get(`/v1/documents/${documentId}/custody`),
      outsider.get(`/v1/documents/${documentId}/custody.csv`),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    // The rotation of another firm's key touches nothing of this firm.
    expect((await outsider.post('/v1/document-keys/rotation')).body).toEqual({
      firmKeyVersion: 2,
      rewrappedVersions: 0,
    });
    expect((await client.get(`/v1/documents/${documentId}/content`)).text).toBe('secret');
    expect((await client.get(`/v1/documents/${documentId}/versions`)).body.items).toHaveLength(1);
  });

  it('refuses bad input with field-level problem+json and stores nothing', async () => {
    const { client, matterId } = await firmWithMatter();
    const refusals = [
      await client.post(`/v1/matters/${matterId}/folders`, { name: 'a/b' }),
      await client.post(`/v1/matters/${matterId}/folders`, { name: 'nul\u0000byte' }),
      await client.post(`/v1/matters/${matterId}/folders`, { name: null }),
      await client.post(`/v1/matters/${matterId}/folders`, { name: 'x', parentId: 'not-a-uuid' }),
      await client.post(`/v1/matters/${matterId}/folders`, '{"name":"\\ud800"}', {
        headers: { 'content-type': 'application/json' },
      }),
      await client.post(`/v1/matters/${matterId}/documents`, { file: 'not multipart' }),
      await client.post(`/v1/matters/${matterId}/documents`, multipart('x.txt', Buffer.from('x'), 'other'), {
        headers: MULTIPART,
      }),
      await client.post(
        `/v1/matters/${matterId}/documents`,
        Buffer.concat([
          // Two file parts: the first part's closing delimiter becomes the second part's opening one.
          multipart('x.txt', Buffer.from('x')).subarray(0, -(BOUNDARY.length + 6)),
          multipart('y.txt', Buffer.from('y')),
        ]),
        { headers: MULTIPART },
      ),
      await upload(client, `/v1/matters/${matterId}/documents?folderId=nope`, 'x.txt', Buffer.from('x')),
      await upload(client, `/v1/matters/${matterId}/documents`, 'big.bin', randomBytes(256 * 1024 + 1)),
      await client.get(`/v1/documents/${randomUUID()}/content?version=0`),
    ];
    for (const [index, refusal] of refusals.entries()) {
      expect([index, refusal.status]).toEqual([index, 400]);
      expect(refusal.headers['content-type']).toContain('application/problem+json');
      expect(refusal.body.errors?.length ?? 0).toBeGreaterThan(0);
    }
    expect(refusals[9]?.body.code).toBe('file_too_large');
    expect((await client.get(`/v1/matters/${matterId}/documents`)).body.items).toEqual([]);
    expect((await client.get(`/v1/matters/${matterId}/folders`)).body.items).toEqual([]);
    const firmBlobs = await readdir(join(storageDir, 'blobs', client.caller.firmId)).catch(() => []);
    expect(firmBlobs).toEqual([]);
    expect(await readdir(join(storageDir, '.incoming'))).toEqual([]);
  });

  it('creates one folder from twenty identical concurrent requests, and numbers twenty concurrent versions 2 to 21', async () => {
    const { client, matterId } = await firmWithMatter();
    const folders = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post(`/v1/matters/${matterId}/folders`, { name: 'Correspondence' }),
      ),
    );
    expect(folders.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(
      folders.filter((answer) => answer.status === 409 && answer.body.code === 'folder_exists'),
    ).toHaveLength(19);

    const stored = await upload(client, `/v1/matters/${matterId}/documents`, 'draft.txt', Buffer.from('v1'));
    const versions = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        upload(client, `/v1/documents/${stored.body.id}/versions`, 'draft.txt', Buffer.from(`v${index + 2}`)),
      ),
    );
    expect(versions.every((answer) => answer.status === 201)).toBe(true);
    const numbers = versions.map((answer) => answer.body.currentVersion as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, index) => index + 2));
    expect((await client.get(`/v1/documents/${stored.body.id}/versions`)).body.items).toHaveLength(21);
  });

  it('files nothing on a matter it does not know or that is closed', async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const client = serviceClient(app).as(caller);
    expect(
      (await upload(client, `/v1/matters/${randomUUID()}/documents`, 'x.txt', Buffer.from('x'))).status,
    ).toBe(404);
    const closed = await publishMatterAndWait(app, producer, caller.firmId, { status: 'closed' });
    const refused = await upload(client, `/v1/matters/${closed}/documents`, 'x.txt', Buffer.from('x'));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('matter_closed');
    const reader = serviceClient(app).as(colleagueOf(caller, ['read-only']));
    const open = await publishMatterAndWait(app, producer, caller.firmId);
    expect((await upload(reader, `/v1/matters/${open}/documents`, 'x.txt', Buffer.from('x'))).status).toBe(
      403,
    );
  });
});
