import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

export type TSigningKey = { kid: string; privateKey: KeyObject; publicJwk: Record<string, unknown> };

/** The emulator's own id_token key, published at the JWKS URI; a new one per process, like a rotation. */
export function createSigningKey(): TSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(20).toString('hex');
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, publicJwk: { ...jwk, alg: 'RS256', use: 'sig', kid } };
}
