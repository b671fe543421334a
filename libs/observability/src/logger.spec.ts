import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs `body` in a fresh Node process that has `createLogger` from this library; answers its stdout lines. */
function linesOf(body: string): string[] {
  const logger = join(__dirname, 'logger.ts');
  const child = spawnSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      '-e',
      `const { createLogger } = require(${JSON.stringify(logger)});\n${body}`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect(child.stderr).toBe('');
  return child.stdout.split('\n').filter((line) => line.length > 0);
}

describe('createLogger', () => {
  it('writes one JSON line per call to standard output, with the service, level and an ISO time', () => {
    const lines = linesOf(`
      const logger = createLogger('example', 'info');
      logger.info({ requestId: 'r-1' }, 'request completed');
      logger.debug('not at info');
    `);

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(line).toMatchObject({
      service: 'example',
      level: 'info',
      requestId: 'r-1',
      msg: 'request completed',
    });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('loses no line when the process exits at once after a burst (writes are asynchronous)', () => {
    const lines = linesOf(`
      const logger = createLogger('example', 'info');
      for (let i = 0; i < 5000; i++) logger.info({ i }, 'line');
      logger.fatal('stopping');
      process.exit(1);
    `);

    expect(lines).toHaveLength(5001);
    expect(lines.slice(0, 5000).map((line) => (JSON.parse(line) as { i: number }).i)).toEqual(
      Array.from({ length: 5000 }, (_, i) => i),
    );
    expect(JSON.parse(lines[5000] ?? '')).toMatchObject({ level: 'fatal', msg: 'stopping' });
  });

  it('writes a lone line within a fraction of a second, without waiting for a batch to fill', () => {
    const lines = linesOf(`
      createLogger('example', 'info').info('alone');
      setTimeout(() => require('node:fs').writeSync(1, 'MARK\\n'), 600);
      setTimeout(() => undefined, 800);
    `);

    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'alone' });
    expect(lines[1]).toBe('MARK');
  });

  it('shares one destination between the loggers of a process, so their lines never interleave mid-line', () => {
    const lines = linesOf(`
      const a = createLogger('a', 'info');
      const b = createLogger('b', 'info');
      for (let i = 0; i < 200; i++) { a.info({ i, pad: 'x'.repeat(i * 37) }, 'a'); b.info({ i }, 'b'); }
    `);

    expect(lines).toHaveLength(400);
    expect(lines.map((line) => (JSON.parse(line) as { service: string }).service)).toEqual(
      Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 'a' : 'b')),
    );
  });

  it('redacts passwords and the authorization header', () => {
    const lines = linesOf(`
      createLogger('example', 'info').info({ password: 'p', req: { headers: { authorization: 'Bearer t' } } }, 'x');
    `);

    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      password: '[redacted]',
      req: { headers: { authorization: '[redacted]' } },
    });
  });
});
