import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const MASTER_KEY_BYTES = 32;

// GCM's standard nonce size; a random 96-bit nonce per seal is safe for far more secrets than we keep.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export type TSecretBoxErrorCode = 'SECRET_MALFORMED' | 'SECRET_UNREADABLE';

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';

  constructor(
    readonly code: TSecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type TSecretBox = {
  /**
   * Encrypts with AES-256-GCM. `aad` names what the secret is for (e.g. "google.private-key:<id>"), so a
   * sealed value copied into another row or column fails to open instead of silently being used there.
   * Result: `v1.<key fingerprint>.<iv>.<tag>.<ciphertext>`, base64url parts, safe for a text column.
   */
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
  /** Short, non-secret id of the master key, so an unreadable secret can say which key sealed it. */
  readonly keyFingerprint: string;
};

export function createSecretBox(masterKey: Uint8Array): TSecretBox {
  if (masterKey.byteLength !== MASTER_KEY_BYTES) {
    throw new Error(`The master key must be ${MASTER_KEY_BYTES} bytes, got ${masterKey.byteLength}.`);
  }
  const key = Buffer.from(masterKey);
  const keyFingerprint = fingerprintOf(key);

  return {
    keyFingerprint,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, keyFingerprint, b64(iv), b64(tag), b64(ciphertext)].join('.');
    },
    open(sealed, aad) {
      const parts = sealed.split('.');
      const [version, sealedWith, iv, tag, ciphertext] = parts;
      if (
        parts.length !== 5 ||
        version !== VERSION ||
        sealedWith === undefined ||
        iv === undefined ||
        tag === undefined ||
        ciphertext === undefined
      ) {
        throw new SecretBoxError(
          'SECRET_MALFORMED',
          'The stored secret is not in a format this server reads.',
        );
      }
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new SecretBoxError(
          'SECRET_MALFORMED',
          'The stored secret is not in a format this server reads.',
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'SECRET_UNREADABLE',
          sealedWith === keyFingerprint
            ? 'A stored secret failed its integrity check: it was altered, or belongs to another record.'
            : `A stored secret was encrypted under another master key (${sealedWith}; this server has ` +
                `${keyFingerprint}). Start the server with the SECRETS_KEY or secrets.key it was stored with.`,
        );
      }
    },
  };
}

// A hash prefix identifies the key without helping anyone guess it.
function fingerprintOf(key: Buffer): string {
  return createHash('sha256').update('wac-master-key-fingerprint').update(key).digest('hex').slice(0, 12);
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
