import { KeyFileError } from './key-file.error';

// Real service-account JSON keys are ~2.3 KB and .p12 keys ~2.5 KB; anything near this limit is
// some other file, and refusing it early keeps a huge upload away from the JSON parser.
export const DEFAULT_MAX_KEY_FILE_BYTES = 64 * 1024;

export function toKeyFileBytes(
  input: Uint8Array | string,
  maxBytes = DEFAULT_MAX_KEY_FILE_BYTES,
): Uint8Array {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.byteLength > maxBytes) {
    throw new KeyFileError(
      'KEY_FILE_TOO_LARGE',
      `The file is ${formatKiB(bytes.byteLength)}, but a Google service-account key is only a few KiB ` +
        `(the limit is ${formatKiB(maxBytes)}). Check that you picked the key file downloaded from ` +
        'Google Cloud (IAM & Admin > Service Accounts > Keys), not another file.',
      { maxBytes, actualBytes: bytes.byteLength },
    );
  }
  return bytes;
}

function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
}
