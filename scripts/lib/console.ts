/**
 * The operations console's build and browser. The browser its test drives is Debian's Chromium,
 * installed by the project itself (never a browser build downloaded by Playwright): with apt-get when
 * missing and this process is root; otherwise the test skips with a message naming what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Returns the browser's path, or why there is none. */
export function ensureChromium(log: (line: string) => void = console.log): {
  path?: string;
  reason?: string;
} {
  if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH };
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    return {
      reason: `no ${CHROMIUM_PATH}; install Debian's chromium package (apt-get install chromium) as root`,
    };
  }
  log('[browser] installing chromium (apt-get) for the operations console browser test');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { env, encoding: 'utf8' });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env,
    encoding: 'utf8',
  });
  if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH };
  return {
    reason: `apt-get install chromium failed (update ${update.status}, install ${install.status}): ${install.stderr.slice(-500)}`,
  };
}

/**
 * Builds the operations console (Vite) into services/admin-gateway/console/dist, which the admin
 * gateway serves under /console/. A failed build is reported, not fatal: the gateway then answers
 * /console with 503 and everything else runs.
 */
export function buildConsole(log: (line: string) => void = console.log): boolean {
  const build = spawnSync('npm', ['run', '--silent', 'console:build'], {
    cwd: join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  if (build.status === 0) return true;
  log(`[console] npm run console:build failed (${build.status}):\n${build.stdout}${build.stderr}`);
  return false;
}
