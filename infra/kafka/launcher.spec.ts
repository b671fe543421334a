import {
  ensureKafkaJars,
  jarCacheDir,
  KafkaSetupError,
  newClusterId,
  pinnedKafkaVersion,
  startKafka,
} from './launcher';

describe('local Kafka launcher', () => {
  const saved = {
    PATH: process.env.PATH,
    JAVA_HOME: process.env.JAVA_HOME,
    LAWFIRM_KAFKA_JAR_CACHE: process.env.LAWFIRM_KAFKA_JAR_CACHE,
  };

  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('names Java, Maven and the alternatives when no Java runtime can be found', async () => {
    process.env.PATH = '/nonexistent';
    delete process.env.JAVA_HOME;

    const started = startKafka({ port: 0, dataDir: '/tmp/never-used', topics: [] });

    await expect(started).rejects.toThrow(KafkaSetupError);
    await expect(started).rejects.toThrow(
      /Java runtime \(17 or newer\) and Maven.*KAFKA_BROKERS.*docker compose up/s,
    );
  });

  it('names Maven when the jars are not cached and Maven is missing', () => {
    process.env.PATH = '/nonexistent';
    process.env.LAWFIRM_KAFKA_JAR_CACHE = `/tmp/lawfirm-no-jars-${process.pid}`;

    expect(() => ensureKafkaJars()).toThrow(/fetched with Maven, which is not installed/);
  });

  it('keys the jar cache by the pom, which pins one Kafka version', () => {
    process.env.LAWFIRM_KAFKA_JAR_CACHE = '/tmp/jar-cache';

    expect(jarCacheDir()).toMatch(/^\/tmp\/jar-cache\/[0-9a-f]{16}$/);
    expect(pinnedKafkaVersion()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('makes cluster ids the storage tool accepts: 22 URL-safe characters, never a leading dash', () => {
    const ids = Array.from({ length: 2000 }, () => newClusterId());

    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
