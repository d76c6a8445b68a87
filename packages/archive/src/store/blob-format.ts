import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, zstdCompress, zstdDecompress } from 'node:zlib';
import type { TBlobAddress } from '../archive.contract';
import type { TArchiveKeys } from '../keys/archive-keys';
import { computeBlobAddress } from './blob-address';
import { BlobCorruptError } from './blob-errors';

// Layout of a stored blob (format version 1):
//   "WACB" | version (1 byte) | compression (1 byte, 1 = zstd) | GCM nonce (12) | ciphertext | GCM tag (16)
// The first six bytes and the blob's address are the GCM additional data, so a blob copied under
// another address, or relabelled with another version, fails authentication instead of decrypting.
const MAGIC = Buffer.from('WACB', 'ascii');
export const BLOB_FORMAT_VERSION = 1;
const COMPRESSION_ZSTD = 1;
const PREFIX_BYTES = MAGIC.length + 2;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = PREFIX_BYTES + NONCE_BYTES;
// Level 3 is zstd's default: most of the ratio of higher levels at a fraction of their time,
// which matters because compression sits on the archiving path of every message.
const ZSTD_LEVEL = 3;

const compress = promisify(zstdCompress);
const decompress = promisify(zstdDecompress);

/**
 * Compresses then encrypts `raw`. Returns the blob as parts to be written in order, so the
 * ciphertext is never copied into one more buffer of the message's size.
 */
export async function sealBlob(keys: TArchiveKeys, address: TBlobAddress, raw: Buffer): Promise<Buffer[]> {
  const compressed = await compress(raw, {
    params: {
      [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
      [constants.ZSTD_c_checksumFlag]: 0,
    },
    pledgedSrcSize: raw.length,
  } as Parameters<typeof zstdCompress>[1]);
  const prefix = Buffer.concat([MAGIC, Buffer.from([BLOB_FORMAT_VERSION, COMPRESSION_ZSTD])]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, nonce);
  cipher.setAAD(additionalData(prefix, address));
  const ciphertext = cipher.update(compressed);
  const final = cipher.final();
  return [prefix, nonce, ciphertext, final, cipher.getAuthTag()].filter((part) => part.length > 0);
}

/** Decrypts, decompresses and re-hashes a stored blob; anything wrong throws BlobCorruptError. */
export async function openBlob(keys: TArchiveKeys, address: TBlobAddress, sealed: Buffer): Promise<Buffer> {
  if (sealed.length < HEADER_BYTES + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BlobCorruptError(address, 'bad-header');
  }
  const version = sealed[MAGIC.length];
  const compression = sealed[MAGIC.length + 1];
  if (version !== BLOB_FORMAT_VERSION || compression !== COMPRESSION_ZSTD) {
    throw new BlobCorruptError(address, 'unsupported-version');
  }
  const prefix = sealed.subarray(0, PREFIX_BYTES);
  const nonce = sealed.subarray(PREFIX_BYTES, HEADER_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  let compressed: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, nonce);
    decipher.setAAD(additionalData(prefix, address));
    decipher.setAuthTag(tag);
    const body = decipher.update(sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES));
    const final = decipher.final();
    compressed = final.length > 0 ? Buffer.concat([body, final]) : body;
  } catch (error) {
    throw new BlobCorruptError(address, 'authentication-failed', { cause: error });
  }
  let raw: Buffer;
  try {
    raw = await decompress(compressed);
  } catch (error) {
    throw new BlobCorruptError(address, 'decompression-failed', { cause: error });
  }
  // GCM proves the blob is one we wrote; the keyed hash proves it is the message this address names.
  const actual = Buffer.from(computeBlobAddress(keys.addressKey, raw), 'hex');
  if (!timingSafeEqual(actual, Buffer.from(address, 'hex'))) {
    throw new BlobCorruptError(address, 'address-mismatch');
  }
  return raw;
}

function additionalData(prefix: Buffer, address: TBlobAddress): Buffer {
  return Buffer.concat([prefix, Buffer.from(address, 'ascii')]);
}
