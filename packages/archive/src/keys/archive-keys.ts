import { hkdfSync } from 'node:crypto';

export type TArchiveKeys = {
  /** HMAC-SHA-256 key that names blobs: without it, a file name says nothing about its content. */
  addressKey: Buffer;
  /** AES-256-GCM key that seals blob content. */
  encryptionKey: Buffer;
};

const MASTER_KEY_MIN_BYTES = 32;
const DERIVED_KEY_BYTES = 32;

// Distinct info strings give independent keys from one master key (RFC 5869 §3.2); the version
// suffix lets a later format derive fresh keys without touching the master key.
const ADDRESS_INFO = 'wac/archive/blob-address/v1';
const ENCRYPTION_INFO = 'wac/archive/blob-encryption/v1';

/**
 * The archive's keys, derived with HKDF-SHA-256 from the server's master key, so the archive
 * needs no key file of its own and follows the master key wherever it is kept.
 */
export function deriveArchiveKeys(masterKey: Buffer): TArchiveKeys {
  if (masterKey.length < MASTER_KEY_MIN_BYTES) {
    throw new Error(`The archive's master key must be at least ${MASTER_KEY_MIN_BYTES} bytes long.`);
  }
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, DERIVED_KEY_BYTES));
  return { addressKey: derive(ADDRESS_INFO), encryptionKey: derive(ENCRYPTION_INFO) };
}
