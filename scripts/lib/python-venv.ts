/**
 * Python tools the test suite runs (the API fuzzer), installed by the project itself: a virtual
 * environment in `.local/venv` built from a pinned requirements file, rebuilt when that file
 * changes. A fresh CI machine needs only Python 3.10+ with venv and pip, and the package index.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR } from './stack';

const PYTHON_CANDIDATES = ['python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3'];

/** The first Python on PATH that is 3.10 or newer (schemathesis 4 needs it). */
function findPython(): string {
  for (const candidate of PYTHON_CANDIDATES) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info >= (3, 10))'], {
      encoding: 'utf8',
    });
    if (probe.status === 0 && probe.stdout.trim() === 'True') return candidate;
  }
  throw new Error(
    `No Python 3.10+ with the venv module found (tried ${PYTHON_CANDIDATES.join(', ')}); install one (Debian: python3 python3-venv).`,
  );
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * A virtual environment with exactly `requirementsFile` installed; returns its `bin` folder.
 * Reuses `.local/venv` while the requirements' hash matches what it was built from.
 */
export function ensurePythonVenv(requirementsFile: string, venvDir = join(LOCAL_DIR, 'venv')): string {
  const wanted = createHash('sha256').update(readFileSync(requirementsFile)).digest('hex');
  const stamp = join(venvDir, 'requirements.sha256');
  const bin = join(venvDir, 'bin');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted) return bin;
  rmSync(venvDir, { recursive: true, force: true });
  run(findPython(), ['-m', 'venv', venvDir]);
  run(join(bin, 'python'), [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '-r',
    requirementsFile,
  ]);
  writeFileSync(stamp, `${wanted}\n`);
  return bin;
}
