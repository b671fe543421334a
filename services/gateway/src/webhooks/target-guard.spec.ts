import type { LookupAddress } from 'node:dns';
import { guardedLookup, RefusedTargetError, refusedAddressReason, targetUrlProblem } from './target-guard';

describe('refusedAddressReason', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '[::1]',
  ])('refuses %s', (address) => {
    expect(refusedAddressReason(address)).toBeDefined();
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])(
    'allows the public address %s',
    (address) => {
      expect(refusedAddressReason(address)).toBeUndefined();
    },
  );
});

describe('targetUrlProblem', () => {
  it('refuses other schemes, credentials and fragments whatever the configuration', () => {
    for (const allowPrivate of [false, true]) {
      expect(targetUrlProblem('ftp://example.com/', allowPrivate)).toMatch(/http/);
      expect(targetUrlProblem('https://a:b@example.com/', allowPrivate)).toMatch(/credentials/);
      expect(targetUrlProblem('https://example.com/#x', allowPrivate)).toMatch(/fragment/);
      expect(targetUrlProblem('example.com/hook', allowPrivate)).toMatch(/absolute/);
    }
  });

  it('refuses this machine and private literals unless private targets are allowed', () => {
    for (const url of [
      'http://localhost:8080/',
      'http://LOCALHOST./',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://10.0.0.1/',
    ]) {
      expect(targetUrlProblem(url, false)).toBeDefined();
      expect(targetUrlProblem(url, true)).toBeUndefined();
    }
    expect(targetUrlProblem('https://hooks.example.com/lawfirm', false)).toBeUndefined();
  });
});

describe('guardedLookup', () => {
  function resolve(allowPrivate: boolean, host: string, all: boolean): Promise<unknown> {
    return new Promise((done, fail) => {
      guardedLookup(allowPrivate)(host, { all }, (error: NodeJS.ErrnoException | null, address: unknown) =>
        error ? fail(error) : done(address),
      );
    });
  }

  it('refuses a name whose addresses include a private one, when the connection is made', async () => {
    await expect(resolve(false, 'localhost', false)).rejects.toBeInstanceOf(RefusedTargetError);
    await expect(resolve(false, 'localhost', true)).rejects.toBeInstanceOf(RefusedTargetError);
  });

  it('resolves it when private targets are allowed, as one address or all of them', async () => {
    expect(await resolve(true, 'localhost', false)).toMatch(/^(127\.0\.0\.1|::1)$/);
    const all = (await resolve(true, 'localhost', true)) as LookupAddress[];
    expect(all.length).toBeGreaterThan(0);
  });
});
