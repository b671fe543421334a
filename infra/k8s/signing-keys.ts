/**
 * Prints the `lawfirm-signing-keys` Secret with fresh keys, for piping straight into the cluster:
 *
 *   node -r @swc-node/register infra/k8s/signing-keys.ts | kubectl create -n <namespace> -f -
 *
 * The gateway's private key (access and internal tokens) with the public JWKS the services verify
 * internal tokens with, and the admin gateway's private key: the same keys scripts/compose-env.ts
 * writes for docker-compose. `kubectl create` rather than `apply`, which would also copy the keys into
 * a last-applied annotation. It refuses to print private keys onto a terminal.
 */
import { randomBytes } from 'node:crypto';
import { generateSigningJwk } from '@lawfirm/auth';
import { stringify } from 'yaml';

export const SIGNING_KEYS_SECRET = 'lawfirm-signing-keys';

export async function signingKeysSecret(): Promise<Record<string, unknown>> {
  const gateway = await generateSigningJwk();
  const admin = await generateSigningJwk();
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: SIGNING_KEYS_SECRET, labels: { 'app.kubernetes.io/part-of': 'lawfirm' } },
    type: 'Opaque',
    stringData: {
      GATEWAY_SIGNING_KEY: JSON.stringify(gateway.privateJwk),
      INTERNAL_TOKEN_JWKS: JSON.stringify({ keys: [gateway.publicJwk] }),
      ADMIN_SIGNING_KEY: JSON.stringify(admin.privateJwk),
      // The admin gateway's audit chain key (HMAC-SHA-256): never stored in its database.
      AUDIT_CHAIN_KEY: randomBytes(32).toString('hex'),
    },
  };
}

if (require.main === module) {
  if (process.stdout.isTTY) {
    console.error(
      'Refusing to print private keys to a terminal: pipe into `kubectl create -n <namespace> -f -`.',
    );
    process.exit(64);
  }
  signingKeysSecret()
    .then((secret) => process.stdout.write(stringify(secret)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
