import { createHmac } from 'node:crypto';

/** The headers every delivery carries. */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
  attempt: 'webhook-attempt',
} as const;

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<body>" under the secret>`, one per secret, space-separated:
 * during a rotation's overlap both the new and the previous secret sign, so a receiver holding
 * either accepts the delivery.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets
    .map((secret) => `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`)
    .join(' ');
}
