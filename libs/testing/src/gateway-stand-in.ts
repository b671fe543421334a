import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalTokenFor } from './test-env';
import type { TestCaller } from './service-client';

export interface GatewayStandIn {
  /** Where a client (a CLI under test) sends its requests, in place of the gateway's URL. */
  url: string;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A listener that forwards every request to a service listening at `serviceUrl` as `caller`, with
 * an internal token minted for that one request, as the gateway does (internal tokens are bound to
 * their method and URL and accepted once, so a tool that sends several requests cannot be handed
 * one token). The client's own Authorization header is dropped; method, path, query, content-type
 * and body pass through unchanged. For tools' end-to-end specs that drive a service over HTTP.
 */
export async function gatewayStandIn(
  serviceUrl: string,
  service: string,
  caller: TestCaller,
): Promise<GatewayStandIn> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const method = request.method ?? 'GET';
      const target = new URL(request.url ?? '/', serviceUrl);
      const body = method === 'GET' || method === 'HEAD' ? undefined : await bodyOf(request);
      const bound = { method, url: target.pathname + target.search };
      const token = internalTokenFor(service, bound, caller.firmId, caller.roles, caller.subject);
      const contentType = request.headers['content-type'];
      const answer = await fetch(target, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        ...(body ? { body } : {}),
      });
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
      });
      response.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`gateway stand-in: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
