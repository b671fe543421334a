import 'reflect-metadata';
import { join } from 'node:path';
import { topicManifest } from '@lawfirm/contracts';
import { startDevKafka, findFreePort } from '@lawfirm/dev-kafka';
import { startPostgres, useExistingServer } from '@lawfirm/dev-postgres';
import { LOCAL_DIR } from '../scripts/lib/stack';
async function main(): Promise<void> {
  let t = performance.now();
  const lap = (name: string): void => { const now = performance.now(); console.log(`${name}: ${((now - t) / 1000).toFixed(2)} s`); t = now; };
  const pg = await startPostgres({ port: 55452, dataDir: join(LOCAL_DIR, 'postgres-bench'), quiet: true });
  lap('startPostgres (pg_ctl start + provision)');
  await useExistingServer(pg.superuserUrl);
  lap('provision alone (second time)');
  const kafka = await startDevKafka({ port: await findFreePort(), topics: topicManifest() });
  lap('startDevKafka');
  await kafka.stop();
  lap('kafka stop');
  pg.stop();
  lap('pg stop');
}
void main();
