/** A production's load files (DAT, OPT) and natives as a ZIP, read back, against real PostgreSQL and the broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import JSZip from 'jszip';
import type { Producer } from 'kafkajs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
import { parseDat, pdfWithPages } from '../test-files';

const BOUNDARY = 'load-files-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('Production load files', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-load-files-'));
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

  async function upload(
    client: CallerClient,
    matterId: string,
    fileName: string,
    content: Buffer,
    query = '',
  ) {
    const stored = await client.post(
      `/v1/matters/${matterId}/documents${query}`,
      multipart(fileName, content),
      {
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      },
    );
    expect(stored.status).toBe(201);
    return stored.body.id as string;
  }

  it('exports DAT and OPT load files with every native, which read back to what was produced', async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const pdf = await pdfWithPages(['Exhibit A']);
    const text = Buffer.from('Line one\nLine two þ ¶\n');
    const binary = randomBytes(70_000);
    const files = [
      { name: 'Exhibit A.pdf', content: pdf, query: '?custodian=J.%20Smith&title=Exhibit%20A%0Arevised' },
      { name: 'notes.txt', content: text, query: '' },
      { name: 'blob', content: binary, query: '' },
    ];
    const ids: string[] = [];
    for (const file of files) ids.push(await upload(client, matterId, file.name, file.content, file.query));
    expect((await client.put(`/v1/matters/${matterId}/bates`, { prefix: 'LF', padding: 5 })).status).toBe(
      200,
    );
    const production = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'Vol 1 (first)',
      documentIds: ids,
    });
    expect(production.status).toBe(201);

    const exported = await client.get(`/v1/productions/${production.body.id}/load-files.zip`);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    expect(String(exported.headers['content-disposition'])).toContain('Vol_1_first.zip');
    const zip = await JSZip.loadAsync(exported.raw as Buffer);
    expect(Object.keys(zip.files).sort()).toEqual(
      [
        'NATIVES/LF00001.pdf',
        'NATIVES/LF00002.txt',
        'NATIVES/LF00003',
        'Vol_1_first.dat',
        'Vol_1_first.opt',
      ].sort(),
    );

    const dat = parseDat(await (zip.file('Vol_1_first.dat') as JSZip.JSZipObject).async('string'));
    expect(dat).toEqual([
      {
        BEGBATES: 'LF00001',
        ENDBATES: 'LF00001',
        DOCID: ids[0],
        TITLE: 'Exhibit A®revised',
        CUSTODIAN: 'J. Smith',
        FILENAME: 'Exhibit A.pdf',
        MEDIATYPE: 'application/pdf',
        SHA256: createHash('sha256').update(pdf).digest('hex'),
        NATIVEPATH: 'NATIVES\\LF00001.pdf',
      },
      expect.objectContaining({
        BEGBATES: 'LF00002',
        DOCID: ids[1],
        FILENAME: 'notes.txt',
        NATIVEPATH: 'NATIVES\\LF00002.txt',
      }),
      expect.objectContaining({
        BEGBATES: 'LF00003',
        DOCID: ids[2],
        MEDIATYPE: 'application/octet-stream',
        NATIVEPATH: 'NATIVES\\LF00003',
      }),
    ]);
    const opt = await (zip.file('Vol_1_first.opt') as JSZip.JSZipObject).async('string');
    expect(
      opt
        .split('\r\n')
        .filter(Boolean)
        .map((line) => line.split(',')),
    ).toEqual([
      ['LF00001', 'Vol_1_first', 'NATIVES\\LF00001.pdf', 'Y', '', '', '1'],
      ['LF00002', 'Vol_1_first', 'NATIVES\\LF00002.txt', 'Y', '', '', '1'],
      ['LF00003', 'Vol_1_first', 'NATIVES\\LF00003', 'Y', '', '', '1'],
    ]);
    // Every native is byte for byte what was uploaded, and its hash is the DAT's.
    for (const [index, file] of files.entries()) {
      const native = await (
        zip.file(Object.keys(zip.files).sort()[index] as string) as JSZip.JSZipObject
      ).async('nodebuffer');
      expect(native.equals(file.content)).toBe(true);
      expect(createHash('sha256').update(native).digest('hex')).toBe(dat[index]?.SHA256);
    }
    // The export is on each document's custody log.
    for (const id of ids) {
      const custody = await client.get(`/v1/documents/${id}/custody`);
      expect(custody.body.items.map((event: { action: string }) => event.action)).toContain('exported');
    }
  });

  it("answers 404 for another firm's production and for an unknown one", async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    const id = await upload(client, matterId, 'a.txt', Buffer.from('a'));
    await client.put(`/v1/matters/${matterId}/bates`, { prefix: 'ISO', padding: 4 });
    const production = await client.post(`/v1/matters/${matterId}/productions`, {
      name: 'P',
      documentIds: [id],
    });
    const stranger = serviceClient(app).as(newCaller({ roles: ['attorney'] }));
    expect((await stranger.get(`/v1/productions/${production.body.id}/load-files.zip`)).status).toBe(404);
    expect((await client.get(`/v1/productions/${randomUUID()}/load-files.zip`)).status).toBe(404);
    // A malformed id names no production either (the resource-id pipe's answer).
    expect((await client.get('/v1/productions/not-a-uuid/load-files.zip')).status).toBe(404);
  });
});
