/* Parked outbox rows: npm run outbox:redrive -- --list | --id <uuid> [--id <uuid> ...] | --all (DATABASE_URL: the service's database) */
import { createDataSource } from '@lawfirm/database';
import { listParkedOutboxRows, redriveParkedOutboxRows } from '../outbox-parking';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ids = args.flatMap((arg, index) => (arg === '--id' && args[index + 1] ? [args[index + 1]!] : []));
  const list = args.includes('--list');
  const all = args.includes('--all');
  if (!list && !all && ids.length === 0) {
    console.error('usage: outbox-redrive --list | --id <outbox row id> [--id ...] | --all');
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL must name the service's database (its app role)");
    process.exit(2);
  }
  const dataSource = createDataSource({ url, entities: [], applicationName: 'outbox-redrive', poolSize: 1 });
  await dataSource.initialize();
  try {
    if (list) {
      for (const row of await listParkedOutboxRows(dataSource, 1000))
        console.log(
          `${row.id} firm=${row.firmId} topic=${row.topic} attempts=${row.attempts} parked=${row.parkedAt.toISOString()} error=${row.lastError ?? ''}`,
        );
      return;
    }
    const redriven = await redriveParkedOutboxRows(dataSource, all ? undefined : ids);
    console.log(`re-driven ${redriven.length}: ${redriven.join(', ')}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
