import Fastify from 'fastify';
import { Client } from 'undici';
import { answerFrameworkError, refuseWhileClosing } from './framework-errors';

describe('refuseWhileClosing', () => {
  it('answers a request that arrives while the server closes with 503 problem+json shutting_down', async () => {
    const app = Fastify({ return503OnClosing: false });
    app.setErrorHandler((error, request, reply) => answerFrameworkError(error, request, reply));
    refuseWhileClosing(app);
    let release: (() => void) | undefined;
    let entered: () => void = () => undefined;
    const slowEntered = new Promise<void>((resolve) => (entered = resolve));
    app.get('/slow', async () => {
      entered();
      await new Promise<void>((resolve) => (release = resolve));
      return { done: true };
    });
    app.get('/fast', async () => ({ done: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // One connection, pipelined: the second request rides the connection the first keeps busy.
    const client = new Client(`http://127.0.0.1:${port}`, { pipelining: 2 });
    try {
      const slow = client.request({ method: 'GET', path: '/slow' });
      await slowEntered;
      const closed = app.close();
      const fast = client.request({ method: 'GET', path: '/fast' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      release?.();

      const slowResponse = await slow;
      await slowResponse.body.text();
      const fastResponse = await fast;
      const body = (await fastResponse.body.json()) as Record<string, unknown>;
      await closed;

      expect(slowResponse.statusCode).toBe(200);
      expect(fastResponse.statusCode).toBe(503);
      expect(fastResponse.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(body).toMatchObject({ status: 503, code: 'shutting_down' });
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
