/** Full-text search and bulk tagging against real PostgreSQL and the broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { OutboxMessage } from '@lawfirm/messaging';
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
import { docxWithParagraphs, pdfWithPages } from '../test-files';

const BOUNDARY = 'search-test-boundary';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

interface Hit {
  documentId: string;
  title: string;
  rank: number;
  highlight: string;
  custodian: string | null;
}

describe('Document search', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-search-'));
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

  async function firm(roles: Array<'attorney' | 'paralegal' | 'billing'> = ['attorney']) {
    const caller = newCaller({ roles });
    const client = serviceClient(app).as(caller);
    const matterId = await publishMatterAndWait(app, producer, caller.firmId);
    return { client, matterId, caller };
  }

  async function upload(
    client: CallerClient,
    matterId: string,
    fileName: string,
    content: Buffer,
    query = '',
  ): Promise<string> {
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

  const search = (client: CallerClient, query: Record<string, string>) =>
    client.get(`/v1/documents/search?${new URLSearchParams(query).toString()}`);

  it('finds text in PDF, DOCX and plain-text files, best match first, with highlighted passages', async () => {
    const { client, matterId } = await firm();
    const word = `zeugma${randomBytes(3).toString('hex')}`;
    const pdf = await upload(
      client,
      matterId,
      'brief.pdf',
      await pdfWithPages([
        `The ${word} appears once on page one.`,
        `Page two repeats ${word} and ${word} again.`,
      ]),
    );
    const docx = await upload(
      client,
      matterId,
      'memo.docx',
      await docxWithParagraphs([`A memorandum that mentions ${word} one time.`]),
    );
    const text = await upload(
      client,
      matterId,
      'notes.txt',
      Buffer.from(`${word} ${word} ${word} ${word}: notes about ${word}, nothing else.`),
    );
    await upload(client, matterId, 'other.txt', Buffer.from('Nothing relevant here at all.'));
    const image = await upload(
      client,
      matterId,
      'scan.png',
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    );

    const found = await search(client, { q: word });
    expect(found.status).toBe(200);
    const hits = found.body.items as Hit[];
    expect(hits.map((hit) => hit.documentId).sort()).toEqual([pdf, docx, text].sort());
    // The text file says it most often, then the PDF's three mentions, then the DOCX's one.
    expect(hits.map((hit) => hit.documentId)).toEqual([text, pdf, docx]);
    expect(hits[0]?.rank).toBeGreaterThan(hits[2]?.rank ?? Infinity);
    for (const hit of hits) expect(hit.highlight).toContain(`[[${word}]]`);
    expect(hits.find((hit) => hit.documentId === pdf)?.highlight).toMatch(/appears once on page one/);

    // Stemming: the plural form of a word finds the singular.
    const stemmed = await search(client, { q: 'memorandums mentioning' });
    expect((stemmed.body.items as Hit[]).map((hit) => hit.documentId)).toContain(docx);

    // The image has no text; its upload recorded why.
    const custody = await client.get(`/v1/documents/${image}/custody`);
    expect(custody.body.items[0]).toMatchObject({
      action: 'uploaded',
      details: { text: 'skipped: unsupported-media-type' },
    });
    // Each listed document's custody log records that a search showed it.
    const pdfCustody = await client.get(`/v1/documents/${pdf}/custody`);
    expect(pdfCustody.body.items.map((event: { action: string }) => event.action)).toContain('viewed');
  });

  it('searches the current version only, and pages by cursor without repeating or skipping', async () => {
    const { client, matterId } = await firm();
    const word = `paging${randomBytes(3).toString('hex')}`;
    const ids: string[] = [];
    for (let index = 1; index <= 5; index += 1)
      ids.push(
        await upload(
          client,
          matterId,
          `d${index}.txt`,
          Buffer.from(`${word} `.repeat(index) + 'filler text'),
        ),
      );
    const replaced = await client.post(
      `/v1/documents/${ids[0]}/versions`,
      multipart('d1.txt', Buffer.from('the new version says something else')),
      { headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } },
    );
    expect(replaced.status).toBe(201);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(client, { q: word, limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      seen.push(...(page.body.items as Hit[]).map((hit) => hit.documentId));
      cursor = page.body.nextCursor as string | null;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([ids[4], ids[3], ids[2], ids[1]]);
    expect(pages).toBe(2);
  });

  it('filters by matter, custodian, tags and filing date', async () => {
    const { client, matterId } = await firm();
    const otherMatter = await publishMatterAndWait(app, producer, client.caller.firmId);
    const word = `filter${randomBytes(3).toString('hex')}`;
    const smith = await upload(
      client,
      matterId,
      'a.txt',
      Buffer.from(`${word} alpha`),
      '?custodian=J.%20Smith',
    );
    const jones = await upload(
      client,
      matterId,
      'b.txt',
      Buffer.from(`${word} beta`),
      '?custodian=K.%20Jones',
    );
    const elsewhere = await upload(client, otherMatter, 'c.txt', Buffer.from(`${word} gamma`));
    const coded = await client.put(`/v1/documents/${jones}/review`, {
      responsive: true,
      confidentiality: 'confidential',
      issueCodes: ['DAMAGES'],
      privilegeTypes: ['attorney-client'],
      privilegeTreatment: 'withheld',
      privilegeDescription: 'Advice on damages',
    });
    expect(coded.status).toBe(200);

    const ids = async (query: Record<string, string>): Promise<string[]> => {
      const response = await search(client, { q: word, ...query });
      expect(response.status).toBe(200);
      return (response.body.items as Hit[]).map((hit) => hit.documentId).sort();
    };
    expect(await ids({})).toEqual([smith, jones, elsewhere].sort());
    expect(await ids({ matterId })).toEqual([smith, jones].sort());
    expect(await ids({ matterId: otherMatter })).toEqual([elsewhere]);
    expect(await ids({ custodian: 'J. Smith' })).toEqual([smith]);
    expect(await ids({ issueCode: 'DAMAGES' })).toEqual([jones]);
    expect(await ids({ responsive: 'true' })).toEqual([jones]);
    expect(await ids({ confidentiality: 'confidential' })).toEqual([jones]);
    expect(await ids({ privileged: 'true' })).toEqual([jones]);
    expect(await ids({ privileged: 'false' })).toEqual([smith, elsewhere].sort());
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids({ filedFrom: today, filedTo: today })).toEqual([smith, jones, elsewhere].sort());
    expect(await ids({ filedTo: '2000-01-01' })).toEqual([]);
    expect(await ids({ filedFrom: '2999-01-01' })).toEqual([]);
  });

  it("never shows another firm's documents, and answers 404 for another firm's matter", async () => {
    const ours = await firm();
    const theirs = await firm();
    const word = `isolated${randomBytes(3).toString('hex')}`;
    const mine = await upload(ours.client, ours.matterId, 'ours.txt', Buffer.from(`${word} ours`));
    await upload(theirs.client, theirs.matterId, 'theirs.txt', Buffer.from(`${word} theirs`));
    const found = await search(ours.client, { q: word });
    expect((found.body.items as Hit[]).map((hit) => hit.documentId)).toEqual([mine]);
    expect((await search(ours.client, { q: word, matterId: theirs.matterId })).status).toBe(404);
    const tag = await ours.client.post('/v1/documents/search/tag', {
      search: { q: word, matterId: theirs.matterId },
      tags: { issueCodes: ['HOT'] },
    });
    expect(tag.status).toBe(404);
  });

  it('tags every match of a search at once, keeping each document’s other coding, each tag on its custody log and audited', async () => {
    const { client, matterId } = await firm(['paralegal']);
    const word = `tagging${randomBytes(3).toString('hex')}`;
    const first = await upload(client, matterId, 'a.txt', Buffer.from(`${word} one`));
    const second = await upload(client, matterId, 'b.txt', Buffer.from(`${word} two`));
    const untouched = await upload(client, matterId, 'c.txt', Buffer.from('no match here'));
    await client.put(`/v1/documents/${first}/review`, { relevance: 'relevant', issueCodes: ['NOTICE'] });

    const tagged = await client.post('/v1/documents/search/tag', {
      search: { q: word, matterId },
      tags: { issueCodes: ['HOT', 'NOTICE'], responsive: true },
    });
    expect(tagged.status).toBe(200);
    expect(tagged.body).toEqual({ tagged: 2 });

    expect((await client.get(`/v1/documents/${first}/review`)).body).toMatchObject({
      relevance: 'relevant',
      responsive: true,
      issueCodes: ['HOT', 'NOTICE'],
    });
    expect((await client.get(`/v1/documents/${second}/review`)).body).toMatchObject({
      relevance: null,
      responsive: true,
      issueCodes: ['HOT', 'NOTICE'],
    });
    expect((await client.get(`/v1/documents/${untouched}/review`)).status).toBe(404);
    const custody = await client.get(`/v1/documents/${second}/custody`);
    expect(custody.body.items.map((event: { action: string }) => event.action)).toContain('tagged');
    const audited = await withTenant(app.get(DataSource), client.caller.firmId, (manager) =>
      manager.getRepository(OutboxMessage).find(),
    );
    const tagAudits = audited
      .map((message) => message.envelope.data as { action?: string; resourceId?: string })
      .filter((data) => data.action === 'document.tagged')
      .map((data) => data.resourceId)
      .sort();
    expect(tagAudits).toEqual([first, second].sort());
    // Tagged documents are found by their new tag.
    const hot = await search(client, { q: word, issueCode: 'HOT' });
    expect((hot.body.items as Hit[]).map((hit) => hit.documentId).sort()).toEqual([first, second].sort());
  });

  it('refuses bad input with field-level problems and changes nothing', async () => {
    const { client, matterId } = await firm();
    const bad = async (path: string, field: string) => {
      const response = await client.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    };
    await bad('/v1/documents/search', 'q');
    expect((await client.get('/v1/documents/search')).body.errors).toEqual([
      { field: 'q', message: 'q is required: the words to search for, 1 to 500 characters' },
    ]);
    await bad('/v1/documents/search?q=', 'q');
    await bad('/v1/documents/search?q=a%00b', 'q');
    await bad('/v1/documents/search?q=x&matterId=nope', 'matterId');
    await bad('/v1/documents/search?q=x&responsive=maybe', 'responsive');
    await bad('/v1/documents/search?q=x&filedFrom=2026-13-01', 'filedFrom');
    await bad('/v1/documents/search?q=x&cursor=garbage', 'cursor');
    await bad(
      `/v1/documents/search?q=x&cursor=${Buffer.from(JSON.stringify(['1; DROP', '00000000-0000-4000-8000-000000000000'])).toString('base64url')}`,
      'cursor',
    );
    const word = `badtag${randomBytes(3).toString('hex')}`;
    const id = await upload(client, matterId, 'a.txt', Buffer.from(word));
    for (const [body, field] of [
      [{ search: { q: word }, tags: { issueCodes: ['HOT'] } }, 'search.matterId'],
      [{ search: { q: word, matterId }, tags: {} }, 'tags'],
      [{ search: { q: word, matterId }, tags: { issueCodes: ['bad code!'] } }, 'issueCodes'],
      [{ search: null, tags: { issueCodes: ['HOT'] } }, 'search'],
      [{ search: { q: word, matterId }, tags: { responsive: 'yes' } }, 'responsive'],
    ] as const) {
      const response = await client.post('/v1/documents/search/tag', body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(JSON.stringify(response.body)).toContain(field);
    }
    expect((await client.get(`/v1/documents/${id}/review`)).status).toBe(404);
  });

  it('lets only reviewers tag; every firm role may search', async () => {
    const { client, matterId, caller } = await firm(['billing']);
    const word = `roles${randomBytes(3).toString('hex')}`;
    expect((await search(client, { q: word })).status).toBe(200);
    const refused = await client.post('/v1/documents/search/tag', {
      search: { q: word, matterId },
      tags: { issueCodes: ['HOT'] },
    });
    expect(refused.status).toBe(403);
    expect(caller.roles).toEqual(['billing']);
  });

  it('applies twenty identical concurrent bulk tags without a deadlock or a lost tag', async () => {
    const { client, matterId } = await firm();
    const word = `race${randomBytes(3).toString('hex')}`;
    const ids: string[] = [];
    for (let index = 0; index < 4; index += 1)
      ids.push(await upload(client, matterId, `r${index}.txt`, Buffer.from(`${word} ${index}`)));
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        client.post('/v1/documents/search/tag', {
          search: { q: word, matterId },
          tags: { issueCodes: [`C${index}`] },
        }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    for (const id of ids) {
      const review = await client.get(`/v1/documents/${id}/review`);
      expect((review.body.issueCodes as string[]).length).toBe(20);
    }
  });
});
