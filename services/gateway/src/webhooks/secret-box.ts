import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const SECRET_PREFIX = 'whsec_';

/**
 * Encrypts webhook signing secrets at rest (AES-256-GCM). The gateway needs a secret in clear to
 * sign, so it cannot keep only a hash as it does for API clients. Each ciphertext is bound to its
 * subscription (additional data), so one row's secret cannot be moved onto another's.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** From WEBHOOK_SECRET_KEY (base64url, 32+ bytes), or derived from the gateway's signing key when unset. */
  static fromConfig(webhookSecretKey: string | undefined, gatewaySigningKey: string): SecretBox {
    if (webhookSecretKey) return new SecretBox(Buffer.from(webhookSecretKey, 'base64url').subarray(0, 32));
    const derived = hkdfSync('sha256', gatewaySigningKey, 'lawfirm-gateway', 'webhook-secrets-v1', 32);
    return new SecretBox(Buffer.from(derived));
  }

  seal(secret: string, subscriptionId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, ...[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'))].join(
      '.',
    );
  }

  open(ciphertext: string, subscriptionId: string): string {
    const [version, iv, tag, sealed] = ciphertext.split('.');
    if (version !== VERSION || !iv || !tag || sealed === undefined)
      throw new Error('webhook secret ciphertext has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subscriptionId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** A new signing secret: `whsec_` and 32 random bytes (base64url), recognisable in a leak scan. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}
