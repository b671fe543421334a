/* Re-drive a dead-letter topic: npm run dlq:replay -- --topic intake.matter.v1 [--group billing] [--dry-run] */
import { createKafka, parseBrokers } from '../kafka';
import { replayDeadLetters } from '../dlq-replay';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const topic = value('--topic');
  if (!topic) {
    console.error(
      'usage: dlq-replay --topic <original topic> [--group <consumer group>] [--dry-run] [--brokers host:port]',
    );
    process.exit(2);
  }
  const brokers = value('--brokers') ?? process.env.KAFKA_BROKERS;
  if (!brokers) {
    console.error('KAFKA_BROKERS (or --brokers) must name the broker(s)');
    process.exit(2);
  }
  const kafka = createKafka({ brokers: parseBrokers(brokers), clientId: 'dlq-replay' });
  const result = await replayDeadLetters({
    kafka,
    topic,
    consumerGroup: value('--group'),
    dryRun: args.includes('--dry-run'),
    log: (line) => console.log(line),
  });
  console.log(
    `${args.includes('--dry-run') ? 'would replay' : 'replayed'} ${result.replayed}, skipped ${result.skipped}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
