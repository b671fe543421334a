/**
 * Documents through the gateway: a multipart upload is piped to the document service as it
 * arrives (never parsed or buffered by the gateway, held to the HTTP manifest's upload limit as it
 * streams) and a download is piped back with its file headers. Raw fetch and node:http here: the
 * typed client cannot stream a multipart body or send a body by chunks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { DEFAULT_BODY_LIMIT_BYTES, DOCUMENT_UPLOAD_BODY_LIMIT_BYTES, HTTP_ROUTES } from '@lawfirm/contracts';
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Larger than any body the gateway parses (the largest JSON limit of the manifest). */
const LARGER_THAN_ANY_JSON_LIMIT = Math.max(
  DEFAULT_BODY_LIMIT_BYTES,
  ...HTTP_ROUTES.filter((rule) => !rule.streamedBody).map((rule) => rule.bodyLimitBytes ?? 0),
);

interface UploadAnswer {
  status: number;
  body: { id: string; code?: string; latest: { sha256: string; sizeBytes: number; fileName: string } };
}

/** A multipart/form-data body with one part `file`, sent in 64 KiB chunks (no Content-Length). */
function chunkedMultipart(fileName: string, content: Buffer): { contentType: string; body: ReadableStream } {
  const boundary = `----lawfirm-e2e-${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const parts: Buffer[] = [head];
  for (let offset = 0; offset < content.length; offset += 64 * 1024)
    parts.push(content.subarray(offset, offset + 64 * 1024));
  parts.push(tail);
  let next = 0;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: new ReadableStream({
      pull(controller) {
        const part = parts[next++];
        if (part) controller.enqueue(new Uint8Array(part));
        else controller.close();
      },
    }),
  };
}

describe('Documents through the gateway', () => {
  let env: TestStack;
  let firmA: Api;
  let firmB: Api;
  let matterId: string;

  const upload = async (
    api: Api | undefined,
    matter: string,
    fileName: string,
    content: Buffer,
  ): Promise<UploadAnswer> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), fileName);
    const response = await fetch(`${env.gatewayUrl}/v1/matters/${matter}/documents`, {
      method: 'POST',
      headers: api?.token ? { authorization: `Bearer ${api.token}` } : {},
      body: form,
    });
    return { status: response.status, body: (await response.json()) as UploadAnswer['body'] };
  };

  const download = (api: Api | undefined, documentId: string): Promise<Response> =>
    fetch(`${env.gatewayUrl}/v1/documents/${documentId}/content`, {
      headers: api?.token ? { authorization: `Bearer ${api.token}` } : {},
    });

  beforeAll(async () => {
    env = await startTestStack();
    firmA = await Api.login(env.gatewayUrl, await createFirm());
    firmB = await Api.login(env.gatewayUrl, await createFirm());
    const client = await firmA.call('POST', '/v1/clients', { kind: 'company', name: 'Paperwork Ltd' });
    const matter = await firmA.call('POST', '/v1/matters', {
      clientId: client.body.id,
      title: 'Paperwork v. Shredder',
    });
    matterId = matter.body.id as string;
    // The document service learns of the matter from intake's event.
    await eventually(async () => {
      const folders = await firmA.call('GET', `/v1/matters/${matterId}/folders`);
      return folders.status === 200 ? true : undefined;
    });
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('uploads a file through the gateway and downloads it back byte-identical', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200 * 1024)]);

    const created = await upload(firmA, matterId, 'Motion to dismiss.pdf', content);

    expect(created.status).toBe(201);
    expect(created.body.latest.sha256).toBe(sha256(content));
    expect(created.body.latest.sizeBytes).toBe(content.length);
    const response = await download(firmA, created.body.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(response.headers.get('content-length')).toBe(String(content.length));
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('Motion to dismiss.pdf')}`,
    );
    const downloaded = Buffer.from(await response.arrayBuffer());
    expect(sha256(downloaded)).toBe(sha256(content));
    expect(downloaded.equals(content)).toBe(true);
  });

  it('streams a file larger than any JSON body limit, sent by chunks without a length', async () => {
    const content = randomBytes(LARGER_THAN_ANY_JSON_LIMIT + 512 * 1024);
    const multipart = chunkedMultipart('exhibits.bin', content);

    const response = await fetch(`${env.gatewayUrl}/v1/matters/${matterId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${firmA.token}`, 'content-type': multipart.contentType },
      body: multipart.body,
      duplex: 'half',
    } as RequestInit);
    const created = (await response.json()) as UploadAnswer['body'];

    expect(response.status).toBe(201);
    expect(created.latest.sizeBytes).toBe(content.length);
    expect(created.latest.sha256).toBe(sha256(content));
    const downloaded = await download(firmA, created.id);
    expect(downloaded.status).toBe(200);
    expect(sha256(Buffer.from(await downloaded.arrayBuffer()))).toBe(sha256(content));
  });

  it('refuses at once an upload that declares more than the manifest allows (413)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = httpRequest(`${env.gatewayUrl}/v1/matters/${matterId}/documents`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${firmA.token}`,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(DOCUMENT_UPLOAD_BODY_LIMIT_BYTES + 1),
        },
      });
      outgoing.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        outgoing.destroy();
      });
      outgoing.on('error', reject);
      outgoing.flushHeaders();
    });

    expect(status).toBe(413);
  });

  it("answers 404 to another firm for the document and the matter's uploads", async () => {
    const created = await upload(firmA, matterId, 'privileged.txt', Buffer.from('attorney-client memo'));
    expect(created.status).toBe(201);

    expect((await download(firmB, created.body.id)).status).toBe(404);
    expect((await firmB.call('GET', `/v1/documents/${created.body.id}`)).status).toBe(404);
    const intruding = await upload(firmB, matterId, 'planted.txt', Buffer.from('not yours'));
    expect(intruding.status).toBe(404);
    const listed = await firmA.call('GET', `/v1/matters/${matterId}/documents`);
    expect(listed.body.items.map((document: { title: string }) => document.title)).not.toContain(
      'planted.txt',
    );
  });

  it('answers 401 without a token, to an upload and a download', async () => {
    const created = await upload(firmA, matterId, 'note.txt', Buffer.from('hello'));

    const anonymousUpload = await upload(undefined, matterId, 'note.txt', Buffer.from('hello'));
    expect(anonymousUpload.status).toBe(401);
    const anonymousDownload = await download(undefined, created.body.id);
    expect(anonymousDownload.status).toBe(401);
    expect(anonymousDownload.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('still refuses a multipart body on a route that does not stream one (415)', async () => {
    // One small buffer with its length, not a streamed FormData: the gateway answers 415 without
    // reading the body, and a body still being written in parts then met a closed socket (EPIPE).
    const boundary = 'not-a-streaming-route';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n` +
        `Content-Type: text/plain\r\n\r\nx\r\n--${boundary}--\r\n`,
    );
    const response = await fetch(`${env.gatewayUrl}/v1/clients`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${firmA.token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
      body,
    });

    expect(response.status).toBe(415);
  });
});
