import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { createPrivateKey, randomUUID, type JsonWebKeyInput, type KeyObject } from 'node:crypto';

export const TOKEN_ALGORITHM = 'ES256';

export interface SigningKey {
  kid: string;
  /** A Node key object: TokenIssuer signs with node:crypto, and jose accepts it too. */
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** Generates an ES256 key pair; returns the private JWK (kept secret) and its public half. */
export async function generateSigningJwk(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  return { privateJwk, publicJwk };
}

/** Loads a private JWK from configuration (JSON text). */
export async function loadSigningKey(privateJwkJson: string): Promise<SigningKey> {
  const jwk = JSON.parse(privateJwkJson) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d)
    throw new Error('signing key must be a private EC P-256 JWK');
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid ?? 'default',
    privateKey: createPrivateKey({ key: jwk as JsonWebKeyInput['key'], format: 'jwk' }),
    publicJwk: { ...publicJwk, alg: TOKEN_ALGORITHM, use: 'sig' },
  };
}
