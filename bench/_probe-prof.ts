import 'reflect-metadata';
import { Pool } from 'undici';
import { unlinkSync, writeFileSync } from 'node:fs';
import { createFirm, GatewayApi, sleep, withBenchStack } from './support';
void withBenchStack({ rateLimitPerMinute: 100_000_000 }, async (bench) => {
  bench.stack.env.gateway.NODE_OPTIONS = '--require /tmp/prof-preload.js';
  bench.stack.env.intake.NODE_OPTIONS = '--require /tmp/prof-preload.js';
  await bench.stack.restart('gateway');
  await bench.stack.restart('intake');
  const firm = await createFirm(bench.infra.pg);
  const api = await GatewayApi.login(bench.gatewayUrl, firm);
  const client = await api.expect<{ id: string }>(201, 'POST', '/v1/clients', { kind: 'company', name: 'P' });
  const matter = await api.expect<{ id: string }>(201, 'POST', '/v1/matters', { clientId: client.id, title: 'P v Q' });
  const pool = new Pool(bench.gatewayUrl, { connections: 16 });
  writeFileSync('/tmp/gwprof/on', '');
  await sleep(300);
  const end = performance.now() + 15_000;
  let n = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (performance.now() < end) {
      const r = await pool.request({ method: 'GET', path: `/v1/matters/${matter.id}`, headers: { authorization: `Bearer ${api.token}` } });
      await r.body.arrayBuffer();
      n += 1;
    }
  }));
  console.log(`requests ${n}`);
  await pool.close();
  unlinkSync('/tmp/gwprof/on');
  console.log(`gateway pid ${bench.stack.processes.gateway.pid} intake pid ${bench.stack.processes.intake.pid}`);
  await sleep(3000);
});
