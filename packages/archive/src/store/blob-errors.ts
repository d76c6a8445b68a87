import type { TBlobAddress } from '../archive.contract';

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly address: TBlobAddress) {
    super(`Archive blob ${address} does not exist.`);
  }
}

export type TBlobCorruptReason =
  | 'bad-address'
  | 'bad-header'
  | 'unsupported-version'
  | 'authentication-failed'
  | 'decompression-failed'
  | 'address-mismatch';

/** The blob exists but cannot be trusted: tampered with, truncated, or written under another key. */
export class BlobCorruptError extends Error {
  override readonly name = 'BlobCorruptError';
  constructor(
    readonly address: TBlobAddress,
    readonly reason: TBlobCorruptReason,
    options?: { cause?: unknown },
  ) {
    super(`Archive blob ${address} is corrupt (${reason}).`, options);
  }
}
