import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { FileRequiredError } from './document.exception';

/** The one file of a multipart upload, as a stream straight off the request. */
export interface UploadedFile {
  fileName: string;
  content: Readable;
  /** Resolves once the request body has been read to its end; rejects on a second file or a broken body. */
  finished: Promise<void>;
}

const MAX_FILE_NAME = 255;

/**
 * Parses a multipart/form-data body with busboy as it arrives and hands over the part named `file`
 * without buffering it: the caller streams it on. Other parts are read and ignored; a second file
 * part is refused.
 */
export function receiveFile(headers: IncomingHttpHeaders, body: Readable): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers, limits: { files: 1, fields: 20, fieldSize: 4096, parts: 21 } });
    } catch {
      reject(new FileRequiredError());
      return;
    }
    let delivered = false;
    let settleFinished: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const finished = new Promise<void>((resolveFinished, rejectFinished) => {
      settleFinished = { resolve: resolveFinished, reject: rejectFinished };
    });
    finished.catch(() => undefined);
    const fail = (error: Error): void => {
      if (delivered) settleFinished?.reject(error);
      else reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || delivered) {
        stream.resume();
        return;
      }
      delivered = true;
      const fileName = sanitiseFileName(info.filename);
      resolve({ fileName, content: stream, finished });
    });
    parser.on('filesLimit', () => fail(new FileRequiredError('Send one file per upload.')));
    parser.on('error', (error: Error) =>
      fail(new FileRequiredError(`The multipart body is malformed: ${error.message}`)),
    );
    parser.on('close', () => {
      if (!delivered) reject(new FileRequiredError());
      else settleFinished?.resolve();
    });
    body.on('error', (error) => fail(error));
    body.pipe(parser);
  });
}

/** What a file is called in our records and downloads: no path, no control characters, bounded. */
export function sanitiseFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = [...base]
    .filter((character) => {
      const code = character.codePointAt(0) ?? 0;
      return code >= 0x20 && code !== 0x7f && !(code >= 0xd800 && code <= 0xdfff);
    })
    .join('')
    .trim()
    .slice(0, MAX_FILE_NAME);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'unnamed' : cleaned;
}
