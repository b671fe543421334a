/**
 * Upload throughput of the document service's data path against a plain file copy of the same
 * bytes, in the same run. `npm run bench:document-upload`.
 *
 * Upload: an HTTP server in this process runs what POST /v1/matters/:id/documents runs for the
 * bytes — busboy's multipart parse (receiveFile), then VaultService.seal (SHA-256 and size meter,
 * media-type sniffing head, AES-256-GCM with a fresh data key, LocalDiskBlobStore's write to
 * `.incoming/` and link into place) — and the client streams each file to it over loopback HTTP
 * from disk. Not included: authentication, the database transaction that records the version,
 * and text extraction (random bytes are application/octet-stream, which is not parsed).
 * Baseline: the same file streamed from disk to a new file (stream.pipeline, read and write
 * streams), the copy a server without hashing or encryption would make. Both write to the same
 * temporary directory and both files are deleted after each round.
 *
 * Knobs: BENCH_DOCUMENT_MIB (256, the file size), BENCH_DOCUMENT_ROUNDS (5; the runs alternate
 * baseline and upload so drift hits both). Target: upload ≥ 0.5× the copy's MB/s (issue 14).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { receiveFile } from '../services/document/src/documents/multipart-upload';
import { LocalDiskBlobStore } from '../services/document/src/vault/local-disk.blob-store';
import { VaultService } from '../services/document/src/vault/vault.service';
import { machineLine, median, printTable, revision } from './support';

const MIB = 1024 * 1024;
const FILE_MIB = Number(process.env.BENCH_DOCUMENT_MIB ?? 256);
const ROUNDS = Number(process.env.BENCH_DOCUMENT_ROUNDS ?? 5);
const BOUNDARY = 'bench-document-upload';

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-document-upload-'));
  const source = join(dir, 'source.bin');
  const storage = join(dir, 'store');
  // Random bytes: incompressible, and sniffed as application/octet-stream.
  const chunk = randomBytes(MIB);
  await pipeline(
    Readable.from(
      (function* () {
        for (let index = 0; index < FILE_MIB; index += 1) yield chunk.map((byte) => byte ^ index);
      })(),
    ),
    createWriteStream(source),
  );
  const sizeBytes = (await stat(source)).size;
  // FirmKeysRepository is used only to wrap keys in the version's transaction, not by seal.
  const vault = new VaultService(new LocalDiskBlobStore(storage), randomBytes(32), undefined as never);
  let uploaded = 0;
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const file = await receiveFile(req.headers, req);
        const key = `bench/${(uploaded += 1)}`;
        const sealed = await vault.seal(key, key.replace('/', '-'), file.content, 4 * 1024 * MIB);
        await file.finished;
        if (sealed.sizeBytes !== sizeBytes)
          throw new Error(`sealed ${sealed.sizeBytes} of ${sizeBytes} bytes`);
        await vault.discard(key);
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ sha256: sealed.sha256 }));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const copy = async (): Promise<number> => {
    const target = join(dir, 'copy.bin');
    const started = process.hrtime.bigint();
    await pipeline(createReadStream(source), createWriteStream(target));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await rm(target);
    return seconds;
  };
  const upload = async (): Promise<number> => {
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="source.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/upload',
          headers: {
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            'content-length': head.length + sizeBytes + tail.length,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 201 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      const body = new PassThrough();
      body.pipe(req);
      body.write(head);
      createReadStream(source)
        .on('error', reject)
        .on('end', () => body.end(tail))
        .pipe(body, { end: false });
    });
    return Number(process.hrtime.bigint() - started) / 1e9;
  };

  try {
    // One of each first, not counted: page cache, JIT and the store's directories.
    await copy();
    await upload();
    const copies: number[] = [];
    const uploads: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      copies.push(await copy());
      uploads.push(await upload());
    }
    const mbPerSecond = (seconds: number): number => sizeBytes / 1e6 / seconds;
    const copyRate = mbPerSecond(median(copies));
    const uploadRate = mbPerSecond(median(uploads));
    console.log(`document-upload — ${FILE_MIB} MiB file, ${ROUNDS} rounds (median), ${revision()}`);
    console.log(machineLine());
    printTable([
      ['path', 'median s', 'MB/s', 'min–max MB/s'],
      ...(
        [
          ['plain file copy (baseline)', copies],
          ['upload: HTTP + multipart + SHA-256 + AES-256-GCM + blob store', uploads],
        ] as const
      ).map(([name, runs]) => [
        name,
        median(runs).toFixed(3),
        mbPerSecond(median(runs)).toFixed(1),
        `${mbPerSecond(Math.max(...runs)).toFixed(1)}–${mbPerSecond(Math.min(...runs)).toFixed(1)}`,
      ]),
    ]);
    const ratio = uploadRate / copyRate;
    console.log(
      `ratio upload / copy: ${ratio.toFixed(2)}× (target ≥ 0.50×) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
