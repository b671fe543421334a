/**
 * A file far larger than the service's heap goes up and comes back without ever sitting whole in
 * memory: the service runs as its own process with a small --max-old-space-size, and its peak
 * resident memory (VmHWM) is read from /proc while 256 MiB stream through it each way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Producer } from 'kafkajs';
import { request } from 'undici';
import {
  eventually,
  internalTokenFor,
  newCaller,
  publishMatter,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';

const FILE_BYTES = 256 * 1024 * 1024;
const HEAP_LIMIT_MB = 128;
/** What the process may grow by while a file twice the heap limit passes through it. */
const GROWTH_ALLOWED_BYTES = 128 * 1024 * 1024;
const BOUNDARY = 'streaming-test-boundary';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Random-looking content made chunk by chunk from one random block (never held whole). */
function generatedContent(totalBytes: number, hash: ReturnType<typeof createHash>): Readable {
  const block = randomBytes(1024 * 1024);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= totalBytes) return void this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(block.length, totalBytes - sent)));
      // Each chunk differs from the others, so a chunk served twice or out of order changes the hash.
      chunk.writeBigUInt64BE(BigInt(sent), 0);
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => {
    const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
    if (!kib) throw new Error(`no ${field} for ${pid}`);
    return Number(kib) * 1024;
  });
}

describe('Document streaming', () => {
  let service: ChildProcess;
  let producer: Producer;
  let storageDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'document-stream-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, '-r', '@swc-node/register', 'services/document/src/main.ts'],
      {
        env: {
          ...process.env,
          ...serviceTestEnv('document', {
            PORT: String(port),
            DOCUMENT_STORAGE_DIR: storageDir,
            DOCUMENT_MAX_UPLOAD_BYTES: String(FILE_BYTES),
          }),
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    await eventually(async () => ((await fetch(`${baseUrl}/healthz`)).ok ? true : undefined), 90_000, 250);
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    if (service?.pid && service.exitCode === null) {
      const exited = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      await exited;
    }
    await rm(storageDir, { recursive: true, force: true });
  });

  function authorised(method: 'GET' | 'POST', url: string, caller: ReturnType<typeof newCaller>) {
    return {
      authorization: `Bearer ${internalTokenFor('document', { method, url }, caller.firmId, caller.roles, caller.subject)}`,
    };
  }

  it(`uploads and downloads ${FILE_BYTES / 1024 / 1024} MiB through a ${HEAP_LIMIT_MB} MB heap without holding the file`, async () => {
    const caller = newCaller({ roles: ['attorney'] });
    const matterId = await publishMatter(producer, caller.firmId);
    await eventually(async () => {
      const url = `/v1/matters/${matterId}/folders`;
      const answer = await request(`${baseUrl}${url}`, { headers: authorised('GET', url, caller) });
      await answer.body.dump();
      return answer.statusCode === 200 ? true : undefined;
    });
    const pid = service.pid as number;
    const baseline = await memoryOf(pid, 'VmRSS');

    const sentHash = createHash('sha256');
    const uploadUrl = `/v1/matters/${matterId}/documents`;
    const body = Readable.from(
      (async function* () {
        yield Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="production.bin"\r\n\r\n`,
        );
        yield* generatedContent(FILE_BYTES, sentHash);
        yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
      })(),
    );
    const uploaded = await request(`${baseUrl}${uploadUrl}`, {
      method: 'POST',
      headers: {
        ...authorised('POST', uploadUrl, caller),
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body,
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    const document = (await uploaded.body.json()) as {
      id: string;
      latest: { sizeBytes: number; sha256: string };
    };
    expect(uploaded.statusCode).toBe(201);
    expect(document.latest).toMatchObject({ sizeBytes: FILE_BYTES, sha256: sentHash.digest('hex') });
    const afterUpload = await memoryOf(pid, 'VmHWM');

    const downloadUrl = `/v1/documents/${document.id}/content`;
    const downloaded = await request(`${baseUrl}${downloadUrl}`, {
      headers: authorised('GET', downloadUrl, caller),
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.headers['content-length']).toBe(String(FILE_BYTES));
    const receivedHash = createHash('sha256');
    let received = 0;
    for await (const chunk of downloaded.body) {
      receivedHash.update(chunk as Buffer);
      received += (chunk as Buffer).length;
    }
    expect(received).toBe(FILE_BYTES);
    expect(receivedHash.digest('hex')).toBe(document.latest.sha256);
    const peak = await memoryOf(pid, 'VmHWM');

    // Peak resident memory over the whole run, against the file size: a buffered upload or
    // download would have needed at least the file's 256 MiB on top of the baseline.
    expect(afterUpload - baseline).toBeLessThan(GROWTH_ALLOWED_BYTES);
    expect(peak - baseline).toBeLessThan(GROWTH_ALLOWED_BYTES);
    process.stdout.write(
      `document streaming: baseline RSS ${(baseline / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB for a ${FILE_BYTES / 2 ** 20} MiB file\n`,
    );
  }, 300_000);
});
