/** The CSV import command end to end: a timekeeping service listening on a port, real PostgreSQL and the broker. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { createLogger } from '@lawfirm/observability';
import { createServiceApp, loadConfig } from '@lawfirm/platform';
import {
  gatewayStandIn,
  newCaller,
  newFirmId,
  publishMatterAndWait,
  serviceTestEnv,
  testProducer,
} from '@lawfirm/testing';
// Tooling loads the service it drives by path (services are applications, not packages).
import { AppModule } from '../../services/timekeeping/src/app.module';
import { TimekeepingConfig } from '../../services/timekeeping/src/config';
import { allowLargeImportBodies } from '../../services/timekeeping/src/import/batch-body-limit';
import { importCsvFile } from './import-csv';

describe('import:time-csv', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let baseUrl: string;

  beforeAll(async () => {
    const config = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    const logger = createLogger('timekeeping', process.env.TEST_LOG_LEVEL ?? 'warn');
    // As main.ts starts it, listening on a port: the command talks HTTP.
    app = await createServiceApp({
      service: 'timekeeping',
      module: AppModule.register(config, logger),
      logger,
      port: 0,
      configure: allowLargeImportBodies,
    });
    await app.init();
    await app.startAllMicroservices();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
  });

  const publishMatter = (firmId: string): Promise<string> => publishMatterAndWait(app, producer, firmId);

  it('imports a CSV export over HTTP and creates nothing twice when the same file is imported again', async () => {
    const firmId = newFirmId();
    const matterId = await publishMatter(firmId);
    const directory = mkdtempSync(join(tmpdir(), 'import-csv-'));
    // The command sends one request per batch; the stand-in mints each its own internal token.
    const gateway = await gatewayStandIn(baseUrl, 'timekeeping', newCaller({ firmId }));
    try {
      const file = join(directory, 'legacy-export.csv');
      writeFileSync(
        file,
        '\uFEFFMatter,Date,Hours,Description,Billable,Task\r\n' +
          `${matterId},11/20/2026,1.5,"Call with client; ""urgent"" follow-up",Y,L120\r\n` +
          `${matterId},11/21/2026,0.25,"Drafted letter,\r\nsent by courier",N,\r\n` +
          `${matterId},11/22/2026,lots,Research,Y,\r\n`,
      );
      const options = {
        file,
        gateway: gateway.url,
        token: 'the stand-in mints the internal tokens',
        mode: 'accept-valid' as const,
        dateFormat: 'mdy' as const,
        delimiter: ',',
        batchSize: 2,
      };
      const silent = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, {
        write: () => true,
        isTTY: false,
      });

      const first = await importCsvFile(options, silent);
      const again = await importCsvFile(options, silent);

      expect(first).toMatchObject({ rows: 3, created: 2, duplicates: 0, failed: 1 });
      expect(first.failures).toEqual([
        {
          line: 5,
          externalId: 'legacy-export.csv:5',
          errors: [expect.objectContaining({ field: 'duration' })],
        },
      ]);
      expect(again).toMatchObject({ rows: 3, created: 0, duplicates: 2, failed: 1 });
      const stored = await withTenant(app.get(DataSource), firmId, (manager) =>
        manager.query(
          `SELECT external_id, work_date::text AS work_date, minutes, narrative, billable FROM time_entries ORDER BY external_id`,
        ),
      );
      expect(stored).toEqual([
        {
          external_id: 'legacy-export.csv:2',
          work_date: '2026-11-20',
          minutes: 90,
          narrative: 'Call with client; "urgent" follow-up',
          billable: true,
        },
        {
          external_id: 'legacy-export.csv:3',
          work_date: '2026-11-21',
          minutes: 15,
          narrative: 'Drafted letter,\r\nsent by courier',
          billable: false,
        },
      ]);
    } finally {
      await gateway.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
