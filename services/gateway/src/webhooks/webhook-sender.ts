import http from 'node:http';
import https from 'node:https';
import { guardedLookup, targetUrlProblem } from './target-guard';
import { responseExcerpt } from './webhook.rules';

/** The most of an answer read (the rest is dropped with its connection). */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendResult {
  /** The receiver's status code, when it answered. */
  status?: number;
  excerpt?: string;
  /** Why there was no answer (refused target, DNS, connection, timeout). */
  error?: string;
  durationMs: number;
}

/**
 * Posts one delivery. Only to the registered URL: redirects are not followed, the host's addresses
 * are checked when the connection is made (guardedLookup), and an IP literal is checked before.
 * Keep-alive agents reuse connections to a receiver; each reused socket was checked when it opened.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    private readonly allowPrivate: boolean,
    private readonly timeoutMs: number,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  }

  async send(url: string, body: string, headers: Record<string, string>): Promise<SendResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const problem = targetUrlProblem(url, this.allowPrivate);
    if (problem) return { error: `refused: ${problem}`, durationMs: elapsed() };
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    return new Promise<SendResult>((resolve) => {
      let settled = false;
      const finish = (result: Omit<SendResult, 'durationMs'>): void => {
        if (settled) return;
        settled = true;
        resolve({ ...result, durationMs: elapsed() });
      };
      const request = transport.request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          lookup: guardedLookup(this.allowPrivate),
          signal: AbortSignal.timeout(this.timeoutMs),
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': 'lawfirm-webhooks/1',
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let received = 0;
          response.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received <= MAX_RESPONSE_BYTES) chunks.push(chunk);
            else response.destroy();
          });
          const done = (): void =>
            finish({
              status: response.statusCode ?? 0,
              excerpt: responseExcerpt(Buffer.concat(chunks).toString('utf8')),
            });
          response.on('end', done);
          response.on('close', done);
          response.on('error', done);
        },
      );
      request.on('error', (error: Error) =>
        finish({
          error: error.name === 'AbortError' ? `timed out after ${this.timeoutMs} ms` : error.message,
        }),
      );
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
