/**
 * Prints the `lawfirm-signing-keys` Secret with fresh keys, for piping straight into the cluster:
 *
 *   node -r @swc-node/register infra/k8s/signing-keys.ts | kubectl create -n <namespace> -f -
 *
 * The gateway's private key (access tokens), the admin gateway's private key, and one HS256 key per
 * service for internal tokens (`<SERVICE>_INTERNAL_TOKEN_KEY`: the gateway's Deployment reads all
 * of them, each service's only its own, as INTERNAL_TOKEN_KEY): the same keys
 * scripts/compose-env.ts writes for docker-compose. `kubectl create` rather than `apply`, which would also copy the keys into
 * a last-applied annotation. It refuses to print private keys onto a terminal.
 */
import { randomBytes } from 'node:crypto';
import { generateInternalTokenKey, generateSigningJwk } from '@lawfirm/auth';
import { INTERNAL_TOKEN_AUDIENCES, internalTokenKeyVariable } from '@lawfirm/contracts';
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
      ADMIN_SIGNING_KEY: JSON.stringify(admin.privateJwk),
      // The admin gateway's audit chain key (HMAC-SHA-256): never stored in its database.
      AUDIT_CHAIN_KEY: randomBytes(32).toString('hex'),
      ...Object.fromEntries(
        INTERNAL_TOKEN_AUDIENCES.map((service) => [
          internalTokenKeyVariable(service),
          generateInternalTokenKey(),
        ]),
      ),
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
