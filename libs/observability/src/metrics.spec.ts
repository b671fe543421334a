import { startMetricsListener, type MetricsListener } from './metrics';

describe('startMetricsListener', () => {
  let listener: MetricsListener;

  beforeAll(async () => {
    listener = await startMetricsListener(0);
  });

  afterAll(async () => {
    await listener.close();
  });

  it('serves the Prometheus text page at GET /metrics on its own port', async () => {
    const response = await fetch(`http://127.0.0.1:${listener.port}/metrics`);
    const text = await response.text();

    expect(listener.port).toBeGreaterThan(0);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('answers 404 to any other path or method', async () => {
    const other = await fetch(`http://127.0.0.1:${listener.port}/openapi.json`);
    const post = await fetch(`http://127.0.0.1:${listener.port}/metrics`, { method: 'POST' });

    expect(other.status).toBe(404);
    expect(post.status).toBe(404);
  });

  it('refuses to start on a port already taken', async () => {
    await expect(startMetricsListener(listener.port)).rejects.toThrow(/EADDRINUSE/);
  });
});
