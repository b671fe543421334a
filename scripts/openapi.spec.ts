import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// In a child process: openapi-typescript loads ES modules that jest's CommonJS runtime cannot, and
// building the documents loads every service's module (slow, but no infrastructure).
jest.setTimeout(180_000);

describe('The e2e client types (test/e2e/support/api.d.ts)', () => {
  it('are what the current OpenAPI document generates (run `npm run openapi:client` when this fails)', () => {
    const check = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'openapi.ts'), '--check'],
      {
        cwd: join(__dirname, '..'),
        encoding: 'utf8',
      },
    );

    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
