import { createHmac } from 'node:crypto';
import type { TBlobAddress } from '../archive.contract';

const ADDRESS_PATTERN = /^[0-9a-f]{64}$/;

/** HMAC-SHA-256 of the raw bytes under the archive's address key, lower-case hex. */
export function computeBlobAddress(addressKey: Buffer, raw: Buffer): TBlobAddress {
  return createHmac('sha256', addressKey).update(raw).digest('hex');
}

export function isBlobAddress(value: string): value is TBlobAddress {
  return ADDRESS_PATTERN.test(value);
}
