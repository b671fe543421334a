import { isWellFormedVendorKey, newVendorKey, vendorKeyHash, vendorKeyHint } from './vendor-keys';

describe('vendor keys', () => {
  it('issues keys with the lfv_ prefix that pass their own checksum, each different', () => {
    const keys = Array.from({ length: 50 }, () => newVendorKey());
    for (const key of keys) {
      expect(key).toMatch(/^lfv_[A-Za-z0-9_-]{43}_[0-9a-f]{8}$/);
      expect(isWellFormedVendorKey(key)).toBe(true);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses a key with one character changed, a wrong checksum, another prefix or extra text', () => {
    const key = newVendorKey();
    const body = key.slice(4, 47);
    const flipped = body[10] === 'A' ? 'B' : 'A';
    const mistyped = `lfv_${body.slice(0, 10)}${flipped}${body.slice(11)}${key.slice(47)}`;
    expect(isWellFormedVendorKey(mistyped)).toBe(false);
    const checksum = key.slice(48);
    const otherChecksum = (parseInt(checksum, 16) ^ 1).toString(16).padStart(8, '0');
    expect(isWellFormedVendorKey(`${key.slice(0, 48)}${otherChecksum}`)).toBe(false);
    expect(isWellFormedVendorKey(`lfs_${key.slice(4)}`)).toBe(false);
    expect(isWellFormedVendorKey(`${key} `)).toBe(false);
    expect(isWellFormedVendorKey('')).toBe(false);
  });

  it('hashes to SHA-256 hex that does not contain the key, and hints at only its start', () => {
    const key = newVendorKey();
    const hash = vendorKeyHash(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(vendorKeyHash(key));
    expect(hash).not.toBe(vendorKeyHash(newVendorKey()));
    expect(vendorKeyHint(key)).toBe(key.slice(0, 10));
  });
});
