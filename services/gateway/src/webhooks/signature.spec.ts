import { createHmac as hmac, timingSafeEqual } from 'node:crypto';
import { newWebhookSecret, SecretBox } from './secret-box';
import { signatureHeader } from './signature';

/** A receiver's check, written from the README's recipe and not from the signer. */
function receiverAccepts(secret: string, timestampHeader: string, rawBody: string, header: string): boolean {
  const expected = Buffer.from(
    hmac('sha256', Buffer.from(secret, 'utf8'))
      .update(timestampHeader + '.' + rawBody)
      .digest('hex'),
  );
  return header
    .split(' ')
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('signatureHeader', () => {
  const body = '{"eventId":"e1","type":"intake.matter.opened","data":{"title":"Ünïcode ✓"}}';

  it('signs timestamp.body with HMAC-SHA256 so a receiver holding the secret verifies it', () => {
    const secret = newWebhookSecret();
    const header = signatureHeader([secret], 1_764_000_000, body);
    expect(header).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(receiverAccepts(secret, '1764000000', body, header)).toBe(true);
  });

  it('fails for another secret, another timestamp or a changed body', () => {
    const secret = newWebhookSecret();
    const header = signatureHeader([secret], 1_764_000_000, body);
    expect(receiverAccepts(newWebhookSecret(), '1764000000', body, header)).toBe(false);
    expect(receiverAccepts(secret, '1764000001', body, header)).toBe(false);
    expect(receiverAccepts(secret, '1764000000', body.replace('e1', 'e2'), header)).toBe(false);
  });

  it('carries one signature per secret during a rotation', () => {
    const [older, newer] = [newWebhookSecret(), newWebhookSecret()];
    const header = signatureHeader([newer, older], 1_764_000_000, body);
    expect(header.split(' ')).toHaveLength(2);
    expect(receiverAccepts(older, '1764000000', body, header)).toBe(true);
    expect(receiverAccepts(newer, '1764000000', body, header)).toBe(true);
  });
});

describe('SecretBox', () => {
  const key = Buffer.alloc(32, 7).toString('base64url');

  it('opens what it sealed for the same subscription, and nothing sealed for another', () => {
    const box = SecretBox.fromConfig(key, 'unused');
    const secret = newWebhookSecret();
    const sealed = box.seal(secret, 'subscription-a');
    expect(sealed).not.toContain(secret);
    expect(box.open(sealed, 'subscription-a')).toBe(secret);
    expect(() => box.open(sealed, 'subscription-b')).toThrow();
  });

  it('refuses a changed ciphertext and another key', () => {
    const box = SecretBox.fromConfig(key, 'unused');
    const sealed = box.seal(newWebhookSecret(), 's');
    const parts = sealed.split('.');
    const tampered = [...parts.slice(0, 3), Buffer.from('x'.repeat(50)).toString('base64url')].join('.');
    expect(() => box.open(tampered, 's')).toThrow();
    expect(() =>
      SecretBox.fromConfig(Buffer.alloc(32, 8).toString('base64url'), 'unused').open(sealed, 's'),
    ).toThrow();
  });

  it('derives a stable key from the gateway signing key when none is configured', () => {
    const sealed = SecretBox.fromConfig(undefined, '{"kty":"EC","d":"k1"}').seal('whsec_x', 's');
    expect(SecretBox.fromConfig(undefined, '{"kty":"EC","d":"k1"}').open(sealed, 's')).toBe('whsec_x');
    expect(() => SecretBox.fromConfig(undefined, '{"kty":"EC","d":"k2"}').open(sealed, 's')).toThrow();
  });
});
